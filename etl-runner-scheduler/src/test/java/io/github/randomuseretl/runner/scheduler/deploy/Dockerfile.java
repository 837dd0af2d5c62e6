package io.github.randomuseretl.runner.scheduler.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A Dockerfile as its instructions, continuation lines joined and comments dropped. */
final class Dockerfile {

    /**
     * One instruction.
     *
     * @param keyword upper case, e.g. {@code COPY}
     * @param args    the rest of the line
     * @param stage   index of the {@code FROM} stage it belongs to, from 0
     */
    record Instruction(String keyword, String args, int stage) {

        /** @return the arguments split on white space */
        List<String> words() {
            return Arrays.asList(args.strip().split("\\s+"));
        }
    }

    /**
     * A {@code COPY} from the build context (not {@code --from} another stage).
     *
     * @param sources the context paths, as written
     * @param dest    where they go
     * @param stage   the stage
     */
    record Copy(List<String> sources, String dest, int stage) {
    }

    private final List<Instruction> instructions;

    private Dockerfile(List<Instruction> instructions) {
        this.instructions = List.copyOf(instructions);
    }

    static Dockerfile parse(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int stage = -1;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().strip();
            current.setLength(0);
            int space = joined.indexOf(' ');
            String keyword = (space < 0 ? joined : joined.substring(0, space)).toUpperCase(Locale.ROOT);
            if (keyword.equals("FROM")) {
                stage++;
            }
            out.add(new Instruction(keyword, space < 0 ? "" : joined.substring(space + 1).strip(), stage));
        }
        return new Dockerfile(out);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** @return the index of the last stage: the image that is run */
    int finalStage() {
        return instructions.stream().mapToInt(Instruction::stage).max().orElse(-1);
    }

    List<Instruction> inStage(int stage, String keyword) {
        return all(keyword).stream().filter(i -> i.stage() == stage).toList();
    }

    /** @return every COPY from the build context */
    List<Copy> contextCopies() {
        List<Copy> copies = new ArrayList<>();
        for (Instruction i : all("COPY")) {
            if (i.args().startsWith("[")) {
                throw new IllegalStateException("COPY in JSON form is not read by this test: " + i.args());
            }
            List<String> words = i.words().stream().filter(w -> !w.startsWith("--")).toList();
            if (i.words().stream().anyMatch(w -> w.startsWith("--from"))) {
                continue;
            }
            copies.add(new Copy(words.subList(0, words.size() - 1), words.get(words.size() - 1), i.stage()));
        }
        return copies;
    }
}
