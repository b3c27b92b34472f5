package io.twt.functions.snowflake;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens one new Snowflake session as the secret says. */
@FunctionalInterface
interface SnowflakeConnector {

    Connection connect(SnowflakeSecret secret) throws SQLException;

    /** Work done once before the first login that need not count against the login timeout. */
    default void prepare() throws SQLException {
    }
}
