package io.twt.stream.source;

/** Told of every reconnect of a stream source, with its cause (a metrics key such as {@code stall}). */
@FunctionalInterface
public interface ReconnectCounter {

    void reconnecting(String cause);
}
