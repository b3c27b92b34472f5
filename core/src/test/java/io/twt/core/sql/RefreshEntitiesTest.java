package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refresh's twt_tweet_entity rows (DuckDB dialect): one per distinct normalised entity per post, added once. */
class RefreshEntitiesTest {

    private static final String ID_A = "1900000000000000001";
    private static final String ID_B = "1900000000000000002";

    private DuckDBConnection duck;
    private final SqlCatalogue catalogue = new SqlCatalogue(Dialect.DUCKDB);
    private long seq;

    @BeforeEach
    void open() throws SQLException {
        duck = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
        new MigrationRunner(Dialect.DUCKDB, Migrations.load(Dialect.DUCKDB)).migrate(duck, Map.of());
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    @Test
    void eachKindIsNormalisedAsXMatchesIt() throws SQLException {
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"atom\",\"$Sand\"],\"hashtags\":[\"#Crypto\",\"DeFi\"],"
                + "\"mentions\":[\"@Bob_Trades\",\"Émile\"],\"urls\":[\"https://Example.org/A?x=1\"],\"matching_rules\":[\"Cashtags EN\"]"));

        new RefreshRunner(catalogue).run(duck);

        assertThat(entities()).containsExactly(
                ID_A + " cashtag ATOM", ID_A + " cashtag SAND",
                ID_A + " hashtag crypto", ID_A + " hashtag defi",
                ID_A + " mention bob_trades", ID_A + " mention émile",
                ID_A + " rule Cashtags EN",
                ID_A + " url https://Example.org/A?x=1");
    }

    @Test
    void aPostHasEachDistinctEntityOnceWhateverItsSpellingsAndObservations() throws SQLException {
        String entities = ",\"cashtags\":[\"ATOM\",\"atom\",\"$ATOM\"],\"hashtags\":[\"crypto\",\"#CRYPTO\"]";
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", entities),
                record(ID_A, "ada", "2026-03-01T12:00:00.000Z", entities + ",\"matching_rules\":[\"twt\"]"),
                record(ID_B, "bob", "2026-03-01T12:00:01.000Z", entities));

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.batchRows()).isEqualTo(2);
        assertThat(entities()).containsExactly(ID_A + " cashtag ATOM", ID_A + " hashtag crypto", ID_A + " rule twt",
                ID_B + " cashtag ATOM", ID_B + " hashtag crypto");
    }

    @Test
    void createdAtAndScreenNameAreThoseOfThePostsLatestObservation() throws SQLException {
        load(record(ID_A, "ada_old", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"ATOM\"]"),
                record(ID_A, "ada_new", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"ATOM\"]").replace("\"user_statuses_count\":5", "\"user_statuses_count\":6"));

        new RefreshRunner(catalogue).run(duck);

        assertThat(strings("SELECT tweet_id || ' ' || strftime(created_at, '%Y-%m-%d %H:%M:%S') || ' ' || user_screen_name FROM twt_tweet_entity"))
                .containsExactly(ID_A + " 2026-03-01 12:00:00 ada_new");
    }

    @Test
    void reDeliveriesAndReRunsAddNothingButANewEntityOfAKnownPost() throws SQLException {
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"ATOM\"],\"matching_rules\":[\"twt\"]"));
        new RefreshRunner(catalogue).run(duck);
        List<String> first = entities();

        // The same post delivered again in a later file.
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"$atom\"],\"matching_rules\":[\"twt\"]"));
        RefreshResult again = new RefreshRunner(catalogue).run(duck);
        assertThat(again.ran()).isTrue();
        assertThat(entities()).isEqualTo(first);

        // A re-run over rows already refreshed (the offset set back).
        try (Statement s = duck.createStatement()) {
            s.execute("UPDATE twt_stream_offset SET consumed_seq = 0");
        }
        assertThat(new RefreshRunner(catalogue).run(duck).ran()).isTrue();
        assertThat(entities()).isEqualTo(first);

        // A re-delivery that matched another rule adds that rule only.
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"ATOM\"],\"matching_rules\":[\"twt\",\"late rule\"]"));
        new RefreshRunner(catalogue).run(duck);
        assertThat(entities()).containsExactly(ID_A + " cashtag ATOM", ID_A + " rule late rule", ID_A + " rule twt");
    }

    @Test
    void aRowWithAProblemAddsNoEntity() throws SQLException {
        load(record("12ab", "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"ATOM\"]"),
                record(ID_B, "", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[\"SAND\"]"));

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.rejectedRows()).isEqualTo(2);
        assertThat(count("twt_tweet_entity")).isZero();
    }

    @Test
    void aPostWithoutEntityKeysIsMergedAndAddsNoEntity() throws SQLException {
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ""),
                record(ID_B, "bob", "2026-03-01T12:00:00.000Z", ",\"cashtags\":[],\"hashtags\":null"));

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.rejectedRows()).isZero();
        assertThat(r.tweets().inserted()).isEqualTo(2);
        assertThat(count("twt_tweet_entity")).isZero();
    }

    /** The record rules refuse these before a load; the refresh must still not fail on them. */
    @Test
    void anEntityKeyThatIsNotAnArrayOfStringsAddsOnlyItsStringsAndFailsNothing() throws SQLException {
        load(record(ID_A, "ada", "2026-03-01T12:00:00.000Z", ",\"cashtags\":\"ATOM\",\"hashtags\":{\"tag\":\"x\"},"
                + "\"mentions\":[null,\"\",\"@\",1,[\"nested\"],{\"u\":\"v\"},\"bob\"],\"urls\":42"));

        RefreshResult r = new RefreshRunner(catalogue).run(duck);

        assertThat(r.tweets().inserted()).isEqualTo(1);
        assertThat(entities()).containsExactly(ID_A + " mention bob");
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** A trimmed record; {@code extra} is appended to its keys (start it with a comma). */
    private static String record(String id, String screenname, String createdAt, String extra) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"" + createdAt + "\",\"screenname\":\"" + screenname + "\",\"username\":\"U\","
                + "\"user_favourites_count\":1,\"user_followers_count\":2,\"user_friends_count\":3,"
                + "\"user_listed_count\":4,\"user_statuses_count\":5,\"verified\":false,\"verified_type\":\"none\","
                + "\"text\":\"hi\",\"tweet_favorite_count\":6,\"tweet_quote_count\":7,\"tweet_reply_count\":8,"
                + "\"tweet_retweet_count\":9,\"user_id\":\"42\"" + extra + "}";
    }

    /** One file of lines, as twt local's store loads it (an appender). */
    private void load(String... lines) throws SQLException {
        String file = "validated/f" + seq + ".gz";
        try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "twt_raw")) {
            int row = 0;
            for (String line : lines) {
                a.beginRow();
                a.append(line);
                a.append(file);
                a.append((long) ++row);
                a.append(LocalDateTime.of(2026, 3, 1, 12, 5));
                a.append(++seq);
                a.endRow();
            }
        }
    }

    private List<String> entities() throws SQLException {
        return strings("SELECT tweet_id || ' ' || kind || ' ' || value FROM twt_tweet_entity ORDER BY tweet_id, kind, value");
    }

    private long count(String table) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> strings(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
