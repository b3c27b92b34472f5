package io.twt.stream.x;

/**
 * The X app's secrets. {@link #toString()} names which are present, never their values.
 */
public record XCredentials(String bearerToken, String consumerKey, String consumerSecret, String accessToken,
        String accessTokenSecret) {

    @Override
    public String toString() {
        return "XCredentials[bearer_token " + (bearerToken == null ? "absent" : "present")
                + ", oauth1 " + (consumerKey == null || accessToken == null ? "absent" : "present") + "]";
    }
}
