/**
 * The domain model of a loaded user: immutable records whose constructors reject anything that could
 * not be a real user (a blank name, an e-mail without {@code @}, coordinates off the globe), so a
 * {@link io.github.randomuseretl.core.model.User} that exists is one the sink may store as it is.
 * Plaintext credentials have no place here; raw source records stay opaque
 * ({@link io.github.randomuseretl.core.model.RawRecord}).
 */
package io.github.randomuseretl.core.model;
