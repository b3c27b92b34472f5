package io.twt.stream.x;

/** Gives the X credentials: read once, and again when X answers 401. */
public interface CredentialsSource {

    XCredentials current();

    /** Reads the credentials again (after a 401) and returns them. */
    XCredentials refresh();
}
