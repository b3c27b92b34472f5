package io.twt.stream.budget;

import io.twt.core.trim.TrimResult;
import io.twt.stream.Sleeper;
import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.Source;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An X stream source held to a {@link PostBudget}. Every line the stream delivers except
 * keep-alives and control messages counts as a post read (a post that trimming rejects was read,
 * and billed, all the same). When a cap is reached the stream source is stopped, which closes its
 * connection, and this waits (interruptibly: a stop or an interrupt ends the wait) until the next
 * UTC day or month, then builds a new stream source and reads on. A budget already spent at the
 * start waits before the first connection.
 */
public final class BudgetedSource implements Source {

    /** Builds the stream source that hands its lines to {@code lines}; called again after each wait. */
    @FunctionalInterface
    public interface Factory {
        Source create(LineConsumer lines);
    }

    private static final Logger LOG = LoggerFactory.getLogger(BudgetedSource.class);

    private final PostBudget budget;
    private final Factory factory;
    private final LineConsumer lines;
    private final Sleeper sleeper;
    private volatile boolean stopped;
    private volatile Source current;

    public BudgetedSource(PostBudget budget, Factory factory, LineConsumer lines, Sleeper sleeper) {
        this.budget = budget;
        this.factory = factory;
        this.lines = lines;
        this.sleeper = sleeper;
    }

    @Override
    public void run() throws Exception {
        try {
            while (!stopped) {
                awaitBudget();
                Source source = factory.create(this::accept);
                current = source;
                if (stopped) {
                    return;
                }
                try {
                    source.run();
                } finally {
                    current = null;
                }
                if (stopped || budget.resumesAt() == null) {
                    return; // stopped, or the stream ended by itself
                }
            }
        } finally {
            budget.save();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        Source source = current;
        if (source != null) {
            source.stop();
        }
    }

    private TrimResult accept(String source, long line, byte[] buf, int len, boolean truncated) throws InterruptedException {
        TrimResult r = lines.accept(source, line, buf, len, truncated);
        boolean read = r == null || r.kind() == TrimResult.Kind.POST || r.kind() == TrimResult.Kind.REJECTED;
        if (read && budget.count()) {
            Source s = current;
            if (s != null) {
                s.stop();
            }
        }
        return r;
    }

    /** Waits while a cap is reached; the clock is read again after each wait. */
    private void awaitBudget() throws InterruptedException {
        Instant resume = budget.resumesAt();
        if (resume == null) {
            return;
        }
        PostBudget.Cap cap = budget.reachedCap();
        while (resume != null && !stopped) {
            Duration wait = Duration.between(budget.clock().instant(), resume);
            LOG.warn("X post budget: the {} cap is reached ({}); disconnected from X until {} (in {} h {} min)", cap.label,
                    budget.describe(), resume, wait.toHours(), wait.toMinutesPart());
            // Positive: at the resume time the budget is in the new period. Woken early, it waits again.
            sleeper.sleep(wait);
            resume = budget.resumesAt();
        }
        if (!stopped) {
            LOG.info("X post budget: a new UTC {} began; reconnecting to X ({})", cap == PostBudget.Cap.DAILY ? "day" : "month",
                    budget.describe());
        }
    }
}
