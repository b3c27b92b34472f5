package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.testkit.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speed benchmark's baseline does the same work as twt local, and its RSS reading. */
class LocalSpeedBenchTest {

    @TempDir
    Path dir;

    @Test
    void thePlainPassBuildsTheTweetsAndProfilesThatTwtLocalBuilds() throws Exception {
        Path input = dir.resolve("v2.ndjson");
        new SampleGenerator(42, 30, SampleGenerator.SAMPLE_START).write(input, 400, "v2");
        Path work = dir.resolve("twt");
        assertThat(TwtCli.commandLine(Map.of()).execute("local", "--input", input.toString(), "--workdir", work.toString())).isZero();
        Path plain = dir.resolve("plain.duckdb");
        LocalSpeedBench.plainPass(input.toString(), plain.toString());

        Map<String, String> twtTweets = rows(work.resolve("twt.duckdb"), "SELECT id, concat_ws('|', user_screen_name, text,"
                + " tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, user_id) FROM twt_tweet");
        Map<String, String> plainTweets = rows(plain, "SELECT id, concat_ws('|', user_screen_name, text,"
                + " favorite_count, quote_count, reply_count, retweet_count, user_id) FROM tweet");
        assertThat(plainTweets).hasSize(400).isEqualTo(twtTweets);

        Map<String, String> twtUsers = rows(work.resolve("twt.duckdb"), "SELECT screen_name, concat_ws('|', username,"
                + " user_followers_count, user_statuses_count, verified, last_updated, last_tweet_id) FROM twt_user");
        Map<String, String> plainUsers = rows(plain, "SELECT screen_name, concat_ws('|', username,"
                + " followers_count, statuses_count, verified, last_updated, last_tweet_id) FROM author");
        assertThat(plainUsers).isNotEmpty().isEqualTo(twtUsers);
    }

    @Test
    void thePeakRssIsTheVmHwmLineOfTheStatusFileAndMinusOneWithoutIt() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nVmPeak:\t 9999999 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 1000 kB\n");
        assertThat(LocalSpeedBench.peakRssKb(status)).isEqualTo(123456);
        assertThat(LocalSpeedBench.peakRssKb(dir.resolve("gone"))).isEqualTo(-1);
    }

    @Test
    void theCpuTimeIsUserPlusSystemTicksCountedAfterACommandNameWithSpacesAndParentheses() throws Exception {
        // fields 1-2, then state (3) … utime (14) = 4321, stime (15) = 1234, cutime (16) = 999
        Path stat = Files.writeString(dir.resolve("stat"),
                "3660 (java (x) y) R 3657 3657 1112 0 -1 4194304 124 0 0 0 4321 1234 999 0 20 0 1 0 853625\n");
        assertThat(LocalSpeedBench.cpuTicks(stat)).isEqualTo(5555);
        assertThat(LocalSpeedBench.cpuTicks(dir.resolve("gone"))).isEqualTo(-1);
    }

    @Test
    void theCpuTimeOfThisProcessGrowsAsItWorks() throws Exception {
        Path self = Path.of("/proc/self/stat");
        long before = LocalSpeedBench.cpuTicks(self);
        // Works until 0.2 s of CPU time show, however busy the machine's other processes keep its cores.
        long giveUp = System.nanoTime() + 20_000_000_000L;
        long sink = 0;
        long now = before;
        while (now < before + 20 && System.nanoTime() < giveUp) {
            for (int i = 0; i < 1_000_000; i++) {
                sink += Long.hashCode(sink ^ i);
            }
            now = LocalSpeedBench.cpuTicks(self);
        }
        assertThat(sink).isNotZero();
        assertThat(now).as("ticks after 20 s of work at most").isGreaterThanOrEqualTo(before + 20);
    }

    private static Map<String, String> rows(Path db, String sql) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
