package io.twt.stream.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twt.stream.StreamDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many posts were read from X in the current UTC day and UTC calendar month, against a daily
 * and a monthly cap. X bills per post read and deduplicates within a UTC day
 * (https://docs.x.com/x-api/getting-started/pricing); its billing cycle resets on the project's
 * {@code cap_reset_day}, which this budget simplifies to the first of the month: a budget that
 * resets on the 1st is never looser than X's own cap over any calendar month.
 *
 * <p>At {@value #WARN_PERCENT}% of either cap it logs one warning line per cap and period; at
 * 100% {@link #count()} answers true and {@link #resumesAt()} says when the next period begins.
 * The counts are kept in a small JSON state file, written atomically when a threshold is crossed,
 * when a period rolls over, at most every {@link #SAVE_EVERY} while posts arrive, and on
 * {@link #save()}: a crash loses at most that much counting. A missing or unreadable file starts
 * from zero with a warning. Thread-safe.
 */
public final class PostBudget {

    /** The share of a cap, in percent, at which the budget warns. */
    public static final int WARN_PERCENT = 80;
    static final Duration SAVE_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(PostBudget.class);

    /** One of the two caps. */
    public enum Cap {
        DAILY("daily", "today"), MONTHLY("monthly", "this month");

        final String label;
        final String period;

        Cap(String label, String period) {
            this.label = label;
            this.period = period;
        }
    }

    private final Path file;
    private final long dailyCap;
    private final long monthlyCap;
    private final Clock clock;
    private LocalDate day;
    private long dayPosts;
    private YearMonth month;
    private long monthPosts;
    private boolean dayWarned;
    private boolean monthWarned;
    private Instant lastSaved = Instant.MIN;
    private boolean saveFailed;

    private PostBudget(Path file, long dailyCap, long monthlyCap, Clock clock) {
        if (dailyCap < 1 || monthlyCap < 1) {
            throw new IllegalArgumentException("the post caps must be at least 1 (daily " + dailyCap + ", monthly " + monthlyCap + ")");
        }
        this.file = file;
        this.dailyCap = dailyCap;
        this.monthlyCap = monthlyCap;
        this.clock = clock;
        Instant now = clock.instant();
        this.day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.month = YearMonth.from(day);
    }

    /** The budget kept in {@code file}, with the counts it holds for the current UTC day and month. */
    public static PostBudget open(Path file, long dailyCap, long monthlyCap, Clock clock) {
        PostBudget budget = new PostBudget(file, dailyCap, monthlyCap, clock);
        synchronized (budget) {
            budget.load();
            budget.warnIfNear();
        }
        return budget;
    }

    /** The clock the periods are read from. */
    public Clock clock() {
        return clock;
    }

    public long dailyCap() {
        return dailyCap;
    }

    public long monthlyCap() {
        return monthlyCap;
    }

    /**
     * Counts one post read; true when a cap is now reached (the reader should disconnect). Posts
     * X still delivers after that are counted too: they are read, and billed, all the same.
     */
    public synchronized boolean count() {
        Instant now = clock.instant();
        boolean rolled = roll(now);
        boolean wasWarned = dayWarned || monthWarned;
        boolean wasReached = reached() != null;
        dayPosts++;
        monthPosts++;
        warnIfNear();
        boolean isReached = reached() != null;
        if (rolled || isReached != wasReached || (dayWarned || monthWarned) != wasWarned
                || !now.isBefore(lastSaved.plus(SAVE_EVERY))) {
            write(now);
        }
        return isReached;
    }

    /** When reading may go on: the next UTC month or day, for the cap that is reached; null when none is. */
    public synchronized Instant resumesAt() {
        roll(clock.instant());
        Cap cap = reached();
        if (cap == Cap.MONTHLY) {
            return month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return cap == Cap.DAILY ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : null;
    }

    /** The cap that is reached now (the monthly one when both are), or null. */
    public synchronized Cap reachedCap() {
        roll(clock.instant());
        return reached();
    }

    /** Whether either count is at {@value #WARN_PERCENT}% of its cap or more. */
    public synchronized boolean nearCap() {
        roll(clock.instant());
        return near(dayPosts, dailyCap) || near(monthPosts, monthlyCap);
    }

    /** Posts read in the current UTC day. */
    public synchronized long today() {
        roll(clock.instant());
        return dayPosts;
    }

    /** Posts read in the current UTC month. */
    public synchronized long thisMonth() {
        roll(clock.instant());
        return monthPosts;
    }

    /** What {@code posts} posts cost on pay-per-use, in US dollars, to a tenth of a cent. */
    public static double spendUsd(long posts) {
        return Math.round(posts * StreamDefaults.USD_PER_POST * 1000) / 1000.0;
    }

    /** One line naming the counts against both caps, for the log. */
    public synchronized String describe() {
        roll(clock.instant());
        return String.format("%d of the daily cap of %d posts read on %s (UTC), %d of the monthly cap of %d in %s; "
                + "about $%.2f this month", dayPosts, dailyCap, day, monthPosts, monthlyCap, month, spendUsd(monthPosts));
    }

    /**
     * Raises the counts to what X reports, where that is higher: {@code monthUsage} for the month
     * (X's billing cycle, which may have begun before the 1st: the higher count errs towards
     * stopping early) and the entry of today's UTC date in {@code daily} for the day.
     */
    public synchronized void seed(OptionalLong monthUsage, Map<LocalDate, Long> daily) {
        Instant now = clock.instant();
        roll(now);
        Long todayUsage = daily.get(day);
        boolean changed = false;
        if (monthUsage.isPresent() && monthUsage.getAsLong() > monthPosts) {
            LOG.info("X post budget: X reports {} posts read in its billing cycle, more than the {} counted here: counting from {}",
                    monthUsage.getAsLong(), monthPosts, monthUsage.getAsLong());
            monthPosts = monthUsage.getAsLong();
            changed = true;
        }
        if (todayUsage != null && todayUsage > dayPosts) {
            LOG.info("X post budget: X reports {} posts read on {}, more than the {} counted here: counting from {}",
                    todayUsage, day, dayPosts, todayUsage);
            dayPosts = todayUsage;
            changed = true;
        }
        monthPosts = Math.max(monthPosts, dayPosts);
        if (changed) {
            warnIfNear();
            write(now);
        }
    }

    /** Writes the counts now (at the end of a connection, at shutdown). */
    public synchronized void save() {
        Instant now = clock.instant();
        roll(now);
        write(now);
    }

    private Cap reached() {
        if (monthPosts >= monthlyCap) {
            return Cap.MONTHLY;
        }
        return dayPosts >= dailyCap ? Cap.DAILY : null;
    }

    private static boolean near(long posts, long cap) {
        return posts * 100 >= cap * WARN_PERCENT;
    }

    private void warnIfNear() {
        if (!dayWarned && near(dayPosts, dailyCap)) {
            dayWarned = true;
            warn(Cap.DAILY, dayPosts, dailyCap);
        }
        if (!monthWarned && near(monthPosts, monthlyCap)) {
            monthWarned = true;
            warn(Cap.MONTHLY, monthPosts, monthlyCap);
        }
    }

    private void warn(Cap cap, long posts, long limit) {
        LOG.warn("X post budget: {} posts read {}, {}% of the {} cap of {} (about ${} of ${}); at the cap the stream disconnects "
                + "until the next UTC {}", posts, cap.period, posts * 100 / limit, cap.label, limit,
                String.format("%.2f", spendUsd(posts)), String.format("%.2f", spendUsd(limit)), cap == Cap.DAILY ? "day" : "month");
    }

    /** Starts a new day (and month) when the clock has passed midnight UTC; true when it did. */
    private boolean roll(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (today.equals(day)) {
            return false;
        }
        day = today;
        dayPosts = 0;
        dayWarned = false;
        YearMonth thisMonth = YearMonth.from(today);
        if (!thisMonth.equals(month)) {
            month = thisMonth;
            monthPosts = 0;
            monthWarned = false;
        }
        return true;
    }

    private void load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LOG.warn("X post budget: no state file {} yet: counting from zero", file);
            return;
        } catch (IOException e) {
            LOG.warn("X post budget: cannot read the state file {} ({}): counting from zero", file, e.toString());
            return;
        }
        try {
            JsonNode state = MAPPER.readTree(text);
            LocalDate savedDay = LocalDate.parse(state.path("day").asText());
            long savedDayPosts = count(state, "day_posts");
            YearMonth savedMonth = YearMonth.parse(state.path("month").asText());
            long savedMonthPosts = count(state, "month_posts");
            if (savedMonth.equals(month)) {
                monthPosts = savedMonthPosts;
                if (savedDay.equals(day)) {
                    dayPosts = savedDayPosts;
                }
            }
            LOG.info("X post budget: {}", describe());
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            LOG.warn("X post budget: the state file {} is not a budget state ({}): counting from zero", file, e.getMessage());
        }
    }

    private static long count(JsonNode state, String field) {
        JsonNode n = state.get(field);
        if (n == null || !n.canConvertToLong() || n.asLong() < 0) {
            throw new IllegalArgumentException(field + " is not a count");
        }
        return n.asLong();
    }

    /** Writes to a temporary file beside the state file, then renames it over: a crash leaves one or the other. */
    private void write(Instant now) {
        ObjectNode state = MAPPER.createObjectNode();
        state.put("day", day.toString());
        state.put("day_posts", dayPosts);
        state.put("month", month.toString());
        state.put("month_posts", monthPosts);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(temp, state.toString() + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastSaved = now;
            if (saveFailed) {
                saveFailed = false;
                LOG.info("X post budget: the state file {} is written again", file);
            }
        } catch (IOException e) {
            lastSaved = now; // retried after SAVE_EVERY, not on every post
            if (!saveFailed) {
                saveFailed = true;
                LOG.warn("X post budget: cannot write the state file {} ({}); a restart would count from its last state",
                        file, e.toString());
            }
        }
    }
}
