package io.twt.forwarder.delivery;

import io.twt.forwarder.AwsClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * A Firehose endpoint on loopback that accepts connections and never reads or answers, and a real
 * SDK client pointed at it: its calls block on the network, where an interrupt does not reach.
 * Closing it closes the connections, which ends those calls.
 */
public final class SilentFirehoseStandIn implements AutoCloseable {

    final FirehoseClient client;
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    public SilentFirehoseStandIn() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    connections.add(server.accept());
                }
            } catch (IOException closed) {
                // closed by close()
            }
        }, "never-answering-firehose");
        acceptor.setDaemon(true);
        acceptor.start();
        client = AwsClients.firehose(endpoint(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
    }

    public int connections() {
        return connections.size();
    }

    /** Its address, for a forwarder configured with {@code firehose.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
        client.close();
    }
}
