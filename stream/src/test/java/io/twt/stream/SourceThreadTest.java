package io.twt.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.stream.source.Source;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SourceThreadTest {

    private final List<String> ends = new CopyOnWriteArrayList<>();

    private SourceThread thread(Source source) {
        return new SourceThread("test-source", source, new SourceThread.Listener() {
            @Override
            public void ended(Throwable failure) {
                ends.add(failure == null ? "ended" : failure.getMessage());
            }

            @Override
            public void interrupted() {
                ends.add("interrupted");
            }
        });
    }

    private static Source running(ThrowingRun run, Runnable stop) {
        return new Source() {
            @Override
            public void run() throws Exception {
                run.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }

    @FunctionalInterface
    interface ThrowingRun {
        void run() throws Exception;
    }

    @Test
    void aSourceThatReturnsByItselfIsReportedEndedWithoutAFailure() throws Exception {
        SourceThread t = thread(running(() -> { }, () -> { }));

        t.start();
        t.join();

        assertThat(ends).containsExactly("ended");
        assertThat(t.failure()).isNull();
    }

    @Test
    void aSourceThatFailsIsReportedWithItsFailure() throws Exception {
        SourceThread t = thread(running(() -> {
            throw new IOException("X refused");
        }, () -> { }));

        t.start();
        t.join();

        assertThat(ends).containsExactly("X refused");
        assertThat(t.failure()).isInstanceOf(IOException.class).hasMessage("X refused");
    }

    @Test
    void stoppingAsksTheSourceToStopAndInterruptsItsThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopAsked = new CountDownLatch(1);
        SourceThread t = thread(running(() -> {
            started.countDown();
            Thread.sleep(60_000);
        }, stopAsked::countDown));
        t.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(t.stop(SourceThread.STOP_MILLIS)).isTrue();

        assertThat(stopAsked.getCount()).isZero();
        assertThat(ends).containsExactly("interrupted");
        assertThat(t.failure()).isNull();
    }

    @Test
    void aSourceThatIgnoresItsStopIsWaitedForNoLongerThanTheBudget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        SourceThread t = thread(running(() -> {
            started.countDown();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // a source that swallows the interrupt
                }
            }
        }, () -> { }));
        t.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

        long begin = System.nanoTime();
        boolean ended = t.stop(200);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        release.countDown();

        assertThat(ended).isFalse();
        assertThat(waitedMillis).isBetween(150L, 2000L);
    }
}
