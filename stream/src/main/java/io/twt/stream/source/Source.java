package io.twt.stream.source;

/** Where posts come from: runs on its own thread until its input ends or {@link #stop()} is called. */
public interface Source {

    void run() throws Exception;

    /** Asks {@link #run()} to return soon; the caller also interrupts the source thread. */
    void stop();
}
