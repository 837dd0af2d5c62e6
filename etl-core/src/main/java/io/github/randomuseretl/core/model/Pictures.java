package io.github.randomuseretl.core.model;

import java.net.URI;

/**
 * Portrait URLs in three sizes.
 *
 * @param large     about 128 px
 * @param medium    about 72 px
 * @param thumbnail about 48 px
 */
public record Pictures(URI large, URI medium, URI thumbnail) {

    /** Checks that every URL is present and absolute. */
    public Pictures {
        absolute(large, "picture.large");
        absolute(medium, "picture.medium");
        absolute(thumbnail, "picture.thumbnail");
    }

    private static void absolute(URI uri, String field) {
        Checks.present(uri, field);
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException(field + " must be an absolute URL, got " + uri);
        }
    }
}
