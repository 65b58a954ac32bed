package de.verbund.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import de.verbund.client.VerbundClient;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub under test on its random port, through the project's one client ({@link VerbundClient}); only the
 * shorthand the tests use (bytes and a file name) is added here.
 */
public final class HubClient {

    private final VerbundClient client;

    public HubClient(int port) {
        this.client = new VerbundClient("http://127.0.0.1:" + port);
    }

    public VerbundClient client() {
        return client;
    }

    public VerbundClient.Response submit(@Nullable String token, byte[] file, String fileName, String labelsJson) {
        return client.submit(token, new VerbundClient.File(fileName, file), labelsJson);
    }

    public VerbundClient.Response submitSigned(@Nullable String token, byte[] file, String fileName, String labelsJson,
                                               byte @Nullable [] signature) {
        return client.submit(token, new VerbundClient.File(fileName, file), labelsJson, signature);
    }

    /** Submits files with the same labels as one batch, which must be answered 200: the ids of its results, in order. */
    public List<String> submitBatch(@Nullable String token, List<VerbundClient.File> files, String labelsJson) {
        VerbundClient.Response batch = client.submitBatch(token, files, labelsJson);
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        batch.json().path("results").forEach(r -> ids.add(r.path("id").asString()));
        return ids;
    }

    public VerbundClient.Response search(@Nullable String token, Map<String, ?> body) {
        return client.search(token, body);
    }

    public VerbundClient.Response post(@Nullable String token, String path, String jsonBody) {
        return client.post(token, path, jsonBody);
    }

    public VerbundClient.Response get(@Nullable String token, String pathAndQuery) {
        return client.get(token, pathAndQuery);
    }

    public VerbundClient.Response get(@Nullable String token, String pathAndQuery, Map<String, String> headers) {
        return client.get(token, pathAndQuery, headers);
    }
}
