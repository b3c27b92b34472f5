package io.twt.functions.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A login that answers after its waiter gave up leaves no open session behind. */
class LoginAttemptTest {

    private final CountDownLatch loginMayFinish = new CountDownLatch(1);
    private final AtomicBoolean lateConnectionClosed = new AtomicBoolean();
    private final LoginAttempt attempt = new LoginAttempt(secret -> {
        awaitUninterruptibly(loginMayFinish);
        return connectionRecordingClose();
    }, null);

    @Test
    void aConnectionArrivingAfterTheWaiterWasInterruptedIsClosed() throws Exception {
        Thread login = start(attempt::run, "login");
        AtomicReference<Throwable> waiterOutcome = new AtomicReference<>();
        Thread waiter = start(() -> {
            try {
                attempt.result(Duration.ofMinutes(1));
                waiterOutcome.set(new AssertionError("the result came although the login was held back"));
            } catch (Throwable t) {
                waiterOutcome.set(t);
            }
        }, "waiter");
        awaitWaiting(waiter);

        waiter.interrupt();
        waiter.join(5_000);
        loginMayFinish.countDown();
        login.join(5_000);

        assertThat(waiterOutcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(login.isAlive()).isFalse();
        assertThat(lateConnectionClosed).as("the late connection is closed").isTrue();
    }

    @Test
    void aConnectionArrivingAfterTheTimeoutIsClosed() throws Exception {
        Thread login = start(attempt::run, "login");

        assertThatThrownBy(() -> attempt.result(Duration.ofMillis(100))).isInstanceOf(SQLTimeoutException.class);
        loginMayFinish.countDown();
        login.join(5_000);

        assertThat(login.isAlive()).isFalse();
        assertThat(lateConnectionClosed).as("the late connection is closed").isTrue();
    }

    @Test
    void aConnectionInTimeIsHandedOutAndLeftOpen() throws Exception {
        loginMayFinish.countDown();
        Thread login = start(attempt::run, "login");

        Connection connection = attempt.result(Duration.ofSeconds(10));
        login.join(5_000);

        assertThat(connection).isNotNull();
        assertThat(lateConnectionClosed).isFalse();
    }

    private Connection connectionRecordingClose() {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        lateConnectionClosed.set(true);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Thread start(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(thread.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException ignored) {
                // A driver may ignore interrupts too; the attempt must cope with that.
            }
        }
    }
}
