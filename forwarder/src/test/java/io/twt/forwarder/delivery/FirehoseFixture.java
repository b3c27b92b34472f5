package io.twt.forwarder.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.twt.forwarder.AwsClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/** A WireMock Firehose on loopback and a real SDK client pointed at it. */
public final class FirehoseFixture implements AutoCloseable {

    public final WireMockServer server;
    public final FirehoseStandIn fake;
    public final FirehoseClient client;

    public FirehoseFixture(FirehoseStandIn fake) {
        this.fake = fake;
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(fake));
        server.start();
        server.stubFor(post("/").withHeader("X-Amz-Target", equalTo("Firehose_20150804.PutRecordBatch"))
                .willReturn(aResponse().withTransformers(FirehoseStandIn.NAME)));
        client = AwsClients.firehose(server.baseUrl(), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
