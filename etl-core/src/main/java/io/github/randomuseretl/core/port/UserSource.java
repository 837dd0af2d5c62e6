package io.github.randomuseretl.core.port;

import io.github.randomuseretl.core.model.RawRecord;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fetches the raw records of one batch.
 *
 * <p>Records are handed to {@code records} one at a time as they are read, so a source never has to
 * hold a whole response. If the fetch fails part-way it throws: the pipeline then discards every
 * record of the batch, so nothing from a broken response is ever loaded.
 */
public interface UserSource {

    /**
     * Fetches the batch for a slot.
     *
     * @param request the slot and the deadline
     * @param records receives each record in order
     * @return what the fetch cost
     * @throws SourceException if the batch could not be fetched whole; the message names what happened
     */
    FetchStats fetch(FetchRequest request, Consumer<RawRecord> records);

    /**
     * The request parameters a fetch for this source uses, recorded in the run ledger. Never includes secrets.
     *
     * @param request the fetch the parameters are for
     * @return parameter names and values
     */
    Map<String, String> parameters(FetchRequest request);

    /**
     * How many users one fetch asks the source for: what a run costs against the source's budget,
     * recorded in the ledger.
     *
     * @return users requested per fetch; 0 (the default) for a source without a budget, such as a
     *         replay of the quarantine
     */
    default long requestedUsers() {
        return 0;
    }
}
