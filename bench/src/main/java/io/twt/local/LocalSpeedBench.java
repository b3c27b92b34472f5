package io.twt.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import io.twt.testkit.SampleGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twt bench speed}: {@code twt local} end to end against a plain DuckDB pass over the same
 * v2 file (read the NDJSON, extract the fields, upsert the greatest counters per id and the latest
 * profile per screen name), each in a fresh child JVM and a fresh database, at two input sizes.
 * Each child's peak RSS is read from /proc while it runs. It reports the seconds, posts/s and
 * peak RSS of each, and the ratios that the targets are on.
 */
@Command(name = "speed", mixinStandardHelpOptions = true,
        description = "Measures twt local end to end against a plain DuckDB pass over the same v2 file, each in its own "
                + "JVM and database, at --posts and at --scale times --posts: seconds, posts/s, peak RSS and ratios.")
public final class LocalSpeedBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--posts", defaultValue = "200000", paramLabel = "N", description = "Posts of the smaller input. Default: ${DEFAULT-VALUE}.")
    int posts;

    @Option(names = "--users", defaultValue = "20000", paramLabel = "N", description = "Distinct users. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--scale", defaultValue = "5", paramLabel = "K", description = "The larger input is K times --posts; 1 for one size only. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Option(names = "--workdir", paramLabel = "DIR", description = "Scratch directory (inputs, workdirs, databases). Default: a temporary directory, deleted after.")
    Path workdir;

    @Option(names = "--twt-jar", paramLabel = "JAR",
            description = "Measure twt local from this jar (e.g. an earlier build) instead of this one. Default: this one.")
    Path twtJar;

    private static final long RSS_POLL_MILLIS = 10;
    /** The sample generator's default seed, so that a run measures the stream `twt-bench sample` writes. */
    private static final long SEED = 42;

    /** Targets of issue 13. */
    static final double MAX_RATIO_TO_PLAIN = 2.0;
    static final double MAX_SCALING_OVER_INPUT = 1.1;
    static final long MAX_PEAK_RSS_KB = 1L << 20;

    private static final String INPUT = "$input";

    /** The plain pass: what someone fluent in DuckDB would write for the same tables from the raw v2 file. */
    static final List<String> PLAIN_PASS = List.of(
            "SET TimeZone = 'UTC'",
            "CREATE TABLE tweet (id VARCHAR PRIMARY KEY, created_at TIMESTAMP NOT NULL, user_screen_name VARCHAR NOT NULL,"
                    + " text VARCHAR NOT NULL, favorite_count BIGINT NOT NULL, quote_count BIGINT NOT NULL,"
                    + " reply_count BIGINT NOT NULL, retweet_count BIGINT NOT NULL, user_id VARCHAR)",
            "CREATE TABLE author (screen_name VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, favourites_count BIGINT NOT NULL,"
                    + " followers_count BIGINT NOT NULL, friends_count BIGINT NOT NULL, listed_count BIGINT NOT NULL,"
                    + " statuses_count BIGINT NOT NULL, verified BOOLEAN NOT NULL, verified_type VARCHAR NOT NULL,"
                    + " last_updated TIMESTAMP NOT NULL, user_id VARCHAR, last_tweet_id VARCHAR NOT NULL)",
            // Only the fields used are declared, so read_json neither samples the file nor builds the rest;
            // the author is the included user with the post's author_id, a long post's text its note_tweet's.
            "CREATE TEMP TABLE post AS"
                    + " WITH line AS (SELECT data, list_filter(includes.users, u -> u.id = data.author_id)[1] AS a"
                    + " FROM read_json(" + INPUT + ", format = 'newline_delimited', columns = {"
                    + "data: 'STRUCT(id VARCHAR, text VARCHAR, note_tweet STRUCT(text VARCHAR), created_at TIMESTAMPTZ, author_id VARCHAR,"
                    + " public_metrics STRUCT(retweet_count BIGINT, reply_count BIGINT, like_count BIGINT, quote_count BIGINT))',"
                    + " includes: 'STRUCT(users STRUCT(id VARCHAR, name VARCHAR, username VARCHAR, verified BOOLEAN, verified_type VARCHAR,"
                    + " public_metrics STRUCT(followers_count BIGINT, following_count BIGINT, tweet_count BIGINT, listed_count BIGINT,"
                    + " like_count BIGINT))[])'}))"
                    + " SELECT data.id AS id, data.created_at AT TIME ZONE 'UTC' AS created_at, a.username AS screen_name,"
                    + " a.name AS username, a.public_metrics.like_count AS favourites_count, a.public_metrics.followers_count AS followers_count,"
                    + " a.public_metrics.following_count AS friends_count, a.public_metrics.listed_count AS listed_count,"
                    + " a.public_metrics.tweet_count AS statuses_count, a.verified AS verified, a.verified_type AS verified_type,"
                    + " coalesce(data.note_tweet.text, data.text) AS text, data.public_metrics.like_count AS favorite_count, data.public_metrics.quote_count AS quote_count,"
                    + " data.public_metrics.reply_count AS reply_count, data.public_metrics.retweet_count AS retweet_count,"
                    + " data.author_id AS user_id FROM line",
            "INSERT INTO tweet SELECT id, any_value(created_at), any_value(screen_name), any_value(text), max(favorite_count),"
                    + " max(quote_count), max(reply_count), max(retweet_count), any_value(user_id) FROM post GROUP BY id"
                    + " ON CONFLICT (id) DO UPDATE SET favorite_count = greatest(favorite_count, excluded.favorite_count),"
                    + " quote_count = greatest(quote_count, excluded.quote_count), reply_count = greatest(reply_count, excluded.reply_count),"
                    + " retweet_count = greatest(retweet_count, excluded.retweet_count)",
            "INSERT INTO author SELECT screen_name, l.username, l.favourites_count, l.followers_count, l.friends_count, l.listed_count,"
                    + " l.statuses_count, l.verified, l.verified_type, l.created_at, l.user_id, l.id"
                    + " FROM (SELECT screen_name, arg_max(p, p.created_at) AS l FROM post p GROUP BY screen_name)"
                    + " ON CONFLICT (screen_name) DO UPDATE SET username = excluded.username, favourites_count = excluded.favourites_count,"
                    + " followers_count = excluded.followers_count, friends_count = excluded.friends_count, listed_count = excluded.listed_count,"
                    + " statuses_count = excluded.statuses_count, verified = excluded.verified, verified_type = excluded.verified_type,"
                    + " last_updated = excluded.last_updated, user_id = excluded.user_id, last_tweet_id = excluded.last_tweet_id"
                    + " WHERE excluded.last_updated > author.last_updated");

    /** One child's figures; cpuSeconds (user + system, all its threads) is -1 when /proc cannot tell. */
    record Run(double seconds, long peakRssKb, double cpuSeconds) {
        double postsPerSecond(long n) {
            return n / seconds;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (posts < 1 || users < 1 || scale < 1) {
            throw new IllegalArgumentException("--posts, --users and --scale must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workdir != null ? Files.createDirectories(workdir) : Files.createTempDirectory("twt-bench-speed");
        out.printf("twt-bench speed on %d cores (%s): twt local against a plain DuckDB pass over the same v2 file,"
                + " each in a fresh JVM and database%n", Runtime.getRuntime().availableProcessors(), dir);
        out.printf("  %-12s %12s %10s %12s %10s %12s %10s %12s %10s %8s%n", "posts", "twt s", "twt RSS", "twt posts/s", "twt CPU s",
                "plain s", "plain RSS", "plain posts/s", "plain CPU s", "ratio");
        List<Run[]> runs = new ArrayList<>();
        for (long n : scale == 1 ? List.of((long) posts) : List.of((long) posts, (long) posts * scale)) {
            Path input = dir.resolve("v2-" + n + ".ndjson");
            new SampleGenerator(SEED, users, SampleGenerator.SAMPLE_START).write(input, Math.toIntExact(n), "v2");
            Path plainDb = dir.resolve("plain-" + n + ".duckdb");
            Path twtWorkdir = dir.resolve("twt-" + n);
            Run plain = child(dir, "plain-" + n, System.getProperty("java.class.path"), PlainPass.class.getName(),
                    input.toString(), plainDb.toString());
            Run twt = child(dir, "twt-" + n, twtJar != null ? twtJar.toString() : System.getProperty("java.class.path"),
                    TwtCli.class.getName(), "local", "--input", input.toString(), "--workdir", twtWorkdir.toString());
            out.printf("  %,-12d %12.2f %10s %,12.0f %10.1f %12.2f %10s %,12.0f %10.1f %7.2fx%n", n, twt.seconds(), mib(twt.peakRssKb()),
                    twt.postsPerSecond(n), twt.cpuSeconds(), plain.seconds(), mib(plain.peakRssKb()), plain.postsPerSecond(n),
                    plain.cpuSeconds(), twt.seconds() / plain.seconds());
            out.flush();
            runs.add(new Run[] {twt, plain});
            deleteTree(input);
            deleteTree(plainDb);
            deleteTree(twtWorkdir);
        }
        if (runs.size() == 2) {
            out.printf("  %dx the input: twt local %.2fx the time, plain DuckDB %.2fx%n", scale,
                    runs.get(1)[0].seconds() / runs.get(0)[0].seconds(), runs.get(1)[1].seconds() / runs.get(0)[1].seconds());
        }
        // However well the stages overlap, a run cannot take less wall time than its CPU time spread
        // over every core: that floor tells what parallelism could still win and what only less work can.
        Run[] largest = runs.get(runs.size() - 1);
        int cores = Runtime.getRuntime().availableProcessors();
        if (largest[0].cpuSeconds() > 0) {
            double floor = largest[0].cpuSeconds() / cores;
            out.printf("  CPU floor: twt local used %.1f core-seconds, %.2fx the plain pass's %.1f; on %d cores it cannot take less than"
                    + " %.1f s, %.2fx the plain pass's wall time%n", largest[0].cpuSeconds(), largest[0].cpuSeconds() / largest[1].cpuSeconds(),
                    largest[1].cpuSeconds(), cores, floor, floor / largest[1].seconds());
        }
        out.printf("  Targets: twt local <= %.1fx the plain pass, peak RSS <= %s, %dx the input <= %.1fx the time.%n",
                MAX_RATIO_TO_PLAIN, mib(MAX_PEAK_RSS_KB), scale, scale * MAX_SCALING_OVER_INPUT);
        out.flush();
        if (workdir == null) {
            deleteTree(dir);
        }
        return 0;
    }

    private static String mib(long kb) {
        return kb < 0 ? "n/a" : String.format("%,d MiB", kb >> 10);
    }

    /**
     * Runs {@code mainClass} in a fresh JVM (this java, no options, {@code classPath}), timing it and
     * reading its peak RSS (VmHWM, which only grows) from /proc while it runs.
     */
    private static Run child(Path dir, String name, String classPath, String mainClass, String... args)
            throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        long peakKb = -1;
        long cpuTicks = -1;
        while (!p.waitFor(RSS_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, peakRssKb(proc.resolve("status")));
            cpuTicks = Math.max(cpuTicks, cpuTicks(proc.resolve("stat")));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed; its output is in " + log + ":\n" + tail(log));
        }
        return new Run(seconds, peakKb, cpuTicks < 0 ? -1 : (double) cpuTicks / CLOCK_TICKS_PER_SECOND);
    }

    /**
     * Clock ticks per second of /proc's CPU times: USER_HZ, which Linux fixes at 100 for user space
     * (proc(5): "measured in clock ticks (divide by sysconf(_SC_CLK_TCK))").
     */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    /**
     * User plus system CPU time in clock ticks of every thread of a process so far, from its
     * /proc/PID/stat (fields 14 and 15, counted after the parenthesised command name, which may
     * hold spaces), or -1 when it cannot be read.
     */
    static long cpuTicks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or the process ended between the poll and the read
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The peak resident set in KiB (VmHWM) of a /proc status file, or -1 when it cannot be read (no /proc, process gone). */
    static long peakRssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process ended between the poll and the read
        }
        return -1;
    }

    /** Runs the plain DuckDB pass over {@code input} into a new database {@code db}. */
    static void plainPass(String input, String db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
            for (String sql : PLAIN_PASS) {
                s.execute(sql.replace(INPUT, "'" + input.replace("'", "''") + "'"));
            }
        }
    }

    /** The plain pass as a program of its own: {@code INPUT DB}. */
    static final class PlainPass {
        private PlainPass() {
        }

        public static void main(String[] args) throws SQLException {
            plainPass(args[0], args[1]);
        }
    }
}
