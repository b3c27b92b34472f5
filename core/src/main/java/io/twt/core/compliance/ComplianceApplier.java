package io.twt.core.compliance;

import io.twt.core.sql.ComplianceSql;
import io.twt.core.sql.Dialect;
import io.twt.core.sql.SqlCatalogue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies a batch compliance result to the warehouse in one transaction ({@link ComplianceSql}):
 * a post's line removes the post from twt_tweet, twt_tweet_entity, twt_raw and twt_raw_rejected;
 * a user's line removes the user's twt_user row and every post of the user, everywhere the same.
 * Each line is logged in twt_compliance_log. Applying the same result again removes nothing and
 * logs nothing (see the template's {@code log} statement).
 */
public final class ComplianceApplier {

    /** Rows sent per batch of the temporary table's INSERT. */
    private static final int INSERT_BATCH_ROWS = 1000;

    private final ComplianceSql sql;

    public ComplianceApplier(Dialect dialect) {
        this.sql = new ComplianceSql(dialect);
    }

    /**
     * What one apply did.
     *
     * @param removed     rows deleted per table, in the order they are deleted
     * @param logged      rows written to twt_compliance_log
     * @param postIds     the ids of every post the result removes (also those no table held any more)
     * @param userIds     for a users result: the user ids it names
     * @param screenNames for a users result: the screen names twt_user held for them
     */
    public record Outcome(Map<String, Long> removed, long logged, Set<String> postIds, Set<String> userIds, Set<String> screenNames) {
    }

    /**
     * Applies {@code result}'s usable lines.
     *
     * @param connection in auto-commit mode; not closed
     * @throws SQLException from the engine; nothing was committed
     */
    public Outcome apply(Connection connection, ComplianceResult result) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("the compliance apply opens its own transaction: pass a connection in auto-commit mode");
        }
        try (Statement s = connection.createStatement()) {
            s.execute(sql.statement(ComplianceSql.CREATE_BATCH));
            s.execute(sql.statement(ComplianceSql.CREATE_POSTS));
            // Session-local staging, before the transaction: DuckDB's JDBC batch opens a transaction of its own.
            insertBatch(connection, result);
            s.execute(sql.statement(ComplianceSql.BEGIN));
            try {
                boolean users = result.kind() == ComplianceKind.USERS;
                s.executeUpdate(sql.statement(users ? ComplianceSql.USER_POSTS : ComplianceSql.TWEET_POSTS));
                long logged = s.executeUpdate(sql.statement(ComplianceSql.LOG));
                Set<String> postIds = strings(s, ComplianceSql.REMOVED_POSTS);
                Set<String> screenNames = users ? strings(s, ComplianceSql.REMOVED_SCREEN_NAMES) : Set.of();
                Map<String, Long> removed = new LinkedHashMap<>();
                removed.put(SqlCatalogue.REJECTED, (long) s.executeUpdate(sql.statement(ComplianceSql.DELETE_RAW_REJECTED)));
                removed.put(SqlCatalogue.RAW, (long) s.executeUpdate(sql.statement(ComplianceSql.DELETE_RAW)));
                removed.put(SqlCatalogue.TWEET_ENTITY, (long) s.executeUpdate(sql.statement(ComplianceSql.DELETE_TWEET_ENTITIES)));
                removed.put(SqlCatalogue.TWEET, (long) s.executeUpdate(sql.statement(ComplianceSql.DELETE_TWEETS)));
                removed.put(SqlCatalogue.USER, (long) s.executeUpdate(sql.statement(ComplianceSql.DELETE_USERS)));
                s.execute(sql.statement(ComplianceSql.COMMIT));
                Set<String> userIds = new LinkedHashSet<>();
                if (users) {
                    result.events().forEach(e -> userIds.add(e.id()));
                }
                return new Outcome(removed, logged, postIds, userIds, screenNames);
            } catch (SQLException | RuntimeException e) {
                try (Statement rollback = connection.createStatement()) {
                    rollback.execute("ROLLBACK");
                } catch (SQLException | RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private void insertBatch(Connection connection, ComplianceResult result) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql.statement(ComplianceSql.INSERT_BATCH))) {
            int pending = 0;
            for (ComplianceEvent e : result.events()) {
                ps.setLong(1, e.lineNumber());
                ps.setString(2, result.kind().logKind());
                ps.setString(3, e.id());
                ps.setString(4, e.action());
                ps.setString(5, e.reason());
                setInstant(ps, 6, e.createdAt());
                setInstant(ps, 7, e.redactedAt());
                ps.setString(8, result.source());
                ps.addBatch();
                if (++pending == INSERT_BATCH_ROWS) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** As text: the template converts it with the dialect's timestamp conversion, the same in both engines. */
    private static void setInstant(PreparedStatement ps, int index, java.time.Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, t.toString());
        }
    }

    private Set<String> strings(Statement s, String name) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (ResultSet rs = s.executeQuery(sql.statement(name))) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
