package io.airssys.wasm.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Talks to a running application's {@code wasm} actuator endpoint: what the operations commands
 * send and receive. A refused request becomes an {@link ActuatorException} carrying the server's
 * reason and the exit code to end with.
 */
final class ActuatorClient {

    /** Exit code when the application refused the request (its reason is printed). */
    static final int REFUSED = 1;
    /** Exit code when the application could not be reached, or did not accept the credentials. */
    static final int UNREACHABLE = 3;

    private final URI endpoint;
    private final Optional<String> authorization;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ActuatorClient(String endpoint, String user, String password) {
        this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
        this.authorization = Optional.ofNullable(user)
                .filter(u -> !u.isEmpty())
                .map(u -> "Basic "
                        + Base64.getEncoder()
                                .encodeToString((u + ":" + (password == null ? "" : password))
                                        .getBytes(StandardCharsets.UTF_8)));
    }

    JSONObject get(String path) {
        return send(request(path).GET());
    }

    JSONObject post(String path, JSONObject body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JSONObject delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        // the endpoint's own path without a trailing slash: Spring does not match one
        URI uri = path.isEmpty()
                ? URI.create(
                        endpoint.toString().substring(0, endpoint.toString().length() - 1))
                : endpoint.resolve(path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2));
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private JSONObject send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ActuatorException(
                    "cannot reach " + request.uri() + ": " + e.getMessage()
                            + " (is the application running? --url or AIRSSYS_WASM_URL)",
                    UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuatorException("interrupted", UNREACHABLE);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new ActuatorException(
                    request.method() + " " + request.uri() + " was not allowed (" + status
                            + "): give an operator's --user and --password (or AIRSSYS_WASM_USER and"
                            + " AIRSSYS_WASM_PASSWORD)",
                    UNREACHABLE);
        }
        if (status == 404) {
            throw new ActuatorException(
                    request.uri() + " was not found (404): no such component, or the wasm"
                            + " endpoint is not exposed there",
                    REFUSED);
        }
        JSONObject body = parse(response.body());
        if (status >= 400) {
            String detail = body.optString("detail", body.optString("message", response.body()));
            throw new ActuatorException("refused (" + status + "): " + detail, REFUSED);
        }
        return body;
    }

    private static JSONObject parse(String text) {
        if (text == null || text.isBlank()) {
            return new JSONObject();
        }
        try {
            return new JSONObject(text);
        } catch (JSONException e) {
            return new JSONObject().put("message", text.strip());
        }
    }

    /** A request the application refused or could not take; the command ends with {@link #exitCode()}. */
    static final class ActuatorException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        ActuatorException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
