package io.github.randomuseretl.adapter.randomuser;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Every field and element of a JSON tree as a place a differential test can remove or replace. */
final class JsonPlaces {

    /** A field or element that can be removed and set. */
    interface Place {
        JsonNode get();

        void remove();

        void set(JsonNode value);
    }

    private JsonPlaces() {
    }

    /**
     * Visits every field and element below the root, parents before children.
     *
     * @param node           the root
     * @param removedElement what an array element becomes when removed (arrays keep their length, so
     *                       later places stay valid)
     * @param visit          called with each place
     */
    static void each(JsonNode node, JsonNode removedElement, Consumer<Place> visit) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext();) {
                names.add(it.next().getKey());
            }
            for (String name : names) {
                JsonNode child = object.get(name);
                visit.accept(new Place() {
                    public JsonNode get() {
                        return object.get(name);
                    }

                    public void remove() {
                        object.remove(name);
                    }

                    public void set(JsonNode value) {
                        object.set(name, value);
                    }
                });
                each(child, removedElement, visit);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int at = i;
                JsonNode child = array.get(i);
                visit.accept(new Place() {
                    public JsonNode get() {
                        return array.get(at);
                    }

                    public void remove() {
                        array.set(at, removedElement);
                    }

                    public void set(JsonNode value) {
                        array.set(at, value);
                    }
                });
                each(child, removedElement, visit);
            }
        }
    }
}
