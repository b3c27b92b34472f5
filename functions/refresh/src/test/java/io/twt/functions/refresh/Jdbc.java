package io.twt.functions.refresh;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JDBC proxies for the tests and the benchmark: count what reaches the engine, fail or pause at a statement, or stand in for one. */
final class Jdbc {

    /** Connection calls that are a round trip to Snowflake (its driver runs each as a statement). */
    private static final Set<String> CONNECTION_ROUND_TRIPS = Set.of("commit", "rollback", "setAutoCommit");

    private Jdbc() {
    }

    /** Runs before a statement reaches the engine; may throw to fail it. */
    interface Hook {
        void before(String sql) throws SQLException;
    }

    /** What went through a {@link #wrap}ped connection. */
    static final class Traffic {
        final List<String> statements = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> queryTimeouts = Collections.synchronizedList(new ArrayList<>());
        private int connectionRoundTrips;

        /** Statements executed plus connection calls that cost a round trip (commit, rollback, auto-commit switches). */
        synchronized int roundTrips() {
            return statements.size() + connectionRoundTrips;
        }

        private synchronized void connectionCall() {
            connectionRoundTrips++;
        }
    }

    static Connection wrap(Connection real, Traffic traffic) {
        return wrap(real, traffic, sql -> { });
    }

    /** {@code real}, with every statement recorded in {@code traffic} and passed to {@code hook} first. */
    static Connection wrap(Connection real, Traffic traffic, Hook hook) {
        return (Connection) Proxy.newProxyInstance(Jdbc.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (CONNECTION_ROUND_TRIPS.contains(method.getName())) {
                        traffic.connectionCall();
                    }
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement statement) {
                        return statement(statement, traffic, hook);
                    }
                    return result;
                });
    }

    /**
     * {@code real}, where a statement that is a key of {@code standIns} runs as its value instead:
     * Snowflake-only statements (SHOW TASKS, EXECUTE TASK) answered by DuckDB queries of the same shape.
     */
    static Connection translating(Connection real, Map<String, String> standIns) {
        return (Connection) Proxy.newProxyInstance(Jdbc.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement statement) {
                        return Proxy.newProxyInstance(Jdbc.class.getClassLoader(), new Class<?>[] {Statement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute") && a != null && a.length > 0 && a[0] instanceof String sql) {
                                        a[0] = standIns.getOrDefault(sql, sql);
                                    }
                                    return invoke(statement, m, a);
                                });
                    }
                    return result;
                });
    }

    private static Statement statement(Statement real, Traffic traffic, Hook hook) {
        return (Statement) Proxy.newProxyInstance(Jdbc.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("setQueryTimeout")) {
                        traffic.queryTimeouts.add((Integer) args[0]);
                    }
                    if (method.getName().startsWith("execute") && args != null && args.length > 0 && args[0] instanceof String sql) {
                        traffic.statements.add(sql);
                        hook.before(sql);
                    }
                    return invoke(real, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
