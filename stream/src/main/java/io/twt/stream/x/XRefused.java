package io.twt.stream.x;

import java.io.IOException;

/**
 * X refused in a way that retrying cannot fix (credentials without access, an invalid rule…);
 * the message says what X answered and what it means, never a credential.
 */
public final class XRefused extends IOException {

    public XRefused(String message) {
        super(message);
    }
}
