package io.twt.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A sleeper that returns at once and remembers what it was asked to wait. */
public final class RecordingSleeper implements Sleeper {

    private final List<Duration> sleeps = new ArrayList<>();

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
    }

    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
