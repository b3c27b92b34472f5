package io.twt.core.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a service gets its JDBC connection: Snowflake in the functions (one connection per
 * execution environment, checked and reopened), DuckDB in local mode and in tests. The source owns
 * the connection; callers do not close it.
 */
@FunctionalInterface
public interface ConnectionSource {

    Connection connection() throws SQLException;
}
