package io.airssys.wasm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.json.JSONArray;
import org.json.JSONObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The operations commands: steer the components of a running application through its
 * {@code wasm} actuator endpoint, the same operations (and audit) as the HTTP API. Exit codes:
 * 0 done, 1 the application refused (its reason is printed), 2 usage, 3 unreachable or not allowed.
 */
final class OpsCommands {

    private OpsCommands() {}

    /** Where the application is and who is asking. */
    static final class Connection {
        @Option(
                names = "--url",
                defaultValue = "${env:AIRSSYS_WASM_URL:-http://localhost:8080/actuator/wasm}",
                description = "The wasm actuator endpoint (default ${DEFAULT-VALUE}; env AIRSSYS_WASM_URL).")
        String url;

        @Option(
                names = "--user",
                defaultValue = "${env:AIRSSYS_WASM_USER}",
                description = "An operator allowed the endpoint's write operations (env AIRSSYS_WASM_USER).")
        String user;

        @Option(
                names = "--password",
                defaultValue = "${env:AIRSSYS_WASM_PASSWORD}",
                description = "Its password (env AIRSSYS_WASM_PASSWORD).")
        String password;

        ActuatorClient client() {
            return new ActuatorClient(url, user, password);
        }
    }

    /** The revision a change is based on, which a registry shared by replicas checks. */
    static final class ExpectedRevision {
        @Option(
                names = "--revision",
                description = "With a registry shared by replicas: refuse (409) if the component changed since this"
                        + " revision (shown by info).")
        Long revision;

        void addTo(JSONObject body) {
            if (revision != null) {
                body.put("revision", revision);
            }
        }

        /** For a request whose body is not read (DELETE). */
        String query() {
            return revision == null ? "" : "?revision=" + revision;
        }
    }

    /** Runs a request and prints what the application answered; a refusal ends with its exit code. */
    abstract static class OpsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        @Override
        public Integer call() throws Exception {
            try {
                spec.commandLine().getOut().println(run(connection.client()));
                return 0;
            } catch (ActuatorClient.ActuatorException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return e.exitCode();
            }
        }

        abstract String run(ActuatorClient client) throws Exception;

        /** One line for the routing an operation left: {@code greeter: 1.0.0 active 75%, 2.0.0 canary 25%}. */
        static String routing(JSONObject answer) {
            String id = answer.optString("id");
            JSONObject routing = answer.optJSONObject("routing");
            if (routing == null) {
                return id + ": not serving";
            }
            StringBuilder line = new StringBuilder(id).append(": ");
            JSONArray versions = routing.getJSONArray("versions");
            for (int i = 0; i < versions.length(); i++) {
                JSONObject version = versions.getJSONObject(i);
                line.append(i == 0 ? "" : ", ")
                        .append(version.getString("version"))
                        .append(' ')
                        .append(version.getString("role"))
                        .append(' ')
                        .append(version.getInt("percent"))
                        .append('%');
            }
            return line.append(" (")
                    .append(routing.getString("strategy"))
                    .append(')')
                    .toString();
        }
    }

    @Command(
            name = "deploy",
            description = "Deploys an artifact to a running application (uploaded, or from a location it allows).")
    static final class Deploy extends OpsCommand {
        @Parameters(index = "0", arity = "0..1", description = "The artifact to upload.")
        Path artifact;

        @Option(
                names = "--location",
                description =
                        "Deploy from a location the application allows instead, e.g. classpath:components/x.wasm.")
        String location;

        @Option(
                names = "--strategy",
                defaultValue = "immediate",
                description = "immediate, blue-green, canary, sticky-canary or rolling (default ${DEFAULT-VALUE}).")
        String strategy;

        @Option(names = "--percent", description = "The canary's share of calls.")
        Integer percent;

        @Option(names = "--steps", description = "Rolling steps, 1 to 100.")
        Integer steps;

        @Option(names = "--pause", description = "Pause between rolling steps, e.g. 30s.")
        String pause;

        @Option(
                names = "--analysis",
                description = "Let the canary advance on its own through the component's canary analysis.")
        boolean analysis;

        @Mixin
        ExpectedRevision expected;

        @Override
        String run(ActuatorClient client) throws Exception {
            if ((artifact == null) == (location == null)) {
                throw new ActuatorClient.ActuatorException(
                        "give an artifact file or --location, not both or neither", 2);
            }
            JSONObject body = new JSONObject().put("strategy", strategy);
            if (artifact != null) {
                body.put("artifact", Base64.getEncoder().encodeToString(Files.readAllBytes(artifact)));
            } else {
                body.put("location", location);
            }
            if (percent != null) {
                body.put("percent", percent);
            }
            if (steps != null) {
                body.put("steps", steps);
            }
            if (pause != null) {
                body.put("pause", pause);
            }
            if (analysis) {
                body.put("analysis", true);
            }
            expected.addTo(body);
            return "deployed " + routing(client.post("", body));
        }
    }

    /** An action on one component: {@code POST /{id}/{action}}. */
    abstract static class Action extends OpsCommand {
        @Parameters(index = "0", description = "The component id.")
        String id;

        @Mixin
        ExpectedRevision expected;

        abstract String action();

        JSONObject body() {
            return new JSONObject();
        }

        @Override
        String run(ActuatorClient client) {
            JSONObject body = body();
            expected.addTo(body);
            return action() + " " + routing(client.post(id + "/" + action(), body));
        }
    }

    /** An action that may name a stored version. */
    abstract static class VersionedAction extends Action {
        @Option(names = "--version", description = "A stored version, e.g. 1.0.0.")
        String version;

        @Override
        JSONObject body() {
            return version == null ? new JSONObject() : new JSONObject().put("version", version);
        }
    }

    @Command(name = "promote", description = "Makes the canary the only version, or releases the blue-green standby.")
    static final class Promote extends Action {
        @Override
        String action() {
            return "promote";
        }
    }

    @Command(
            name = "rollback",
            description =
                    "Drops the canary or switches to the blue-green standby; with --version, serves that stored version.")
    static final class Rollback extends VersionedAction {
        @Override
        String action() {
            return "rollback";
        }
    }

    @Command(name = "weight", description = "Sets the canary's share of calls.")
    static final class Weight extends Action {
        @Parameters(index = "1", description = "The share, 0 to 100.")
        int percent;

        @Override
        String action() {
            return "weight";
        }

        @Override
        JSONObject body() {
            return new JSONObject().put("percent", percent);
        }
    }

    @Command(name = "stop", description = "Stops serving a component; its versions stay stored.")
    static final class Stop extends Action {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(
            name = "start",
            description = "Serves a stopped component again: the version that served last, or --version.")
    static final class Start extends VersionedAction {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "remove", description = "Stops a component and forgets it: its versions, grants and stored data.")
    static final class Remove extends OpsCommand {
        @Parameters(index = "0", description = "The component id.")
        String id;

        @Mixin
        ExpectedRevision expected;

        @Override
        String run(ActuatorClient client) {
            client.delete(id + expected.query());
            return "removed " + id;
        }
    }

    @Command(name = "list", description = "Lists the components: what serves each and how calls are split.")
    static final class ListComponents extends OpsCommand {
        @Override
        String run(ActuatorClient client) {
            JSONArray components = client.get("").optJSONArray("components");
            if (components == null || components.isEmpty()) {
                return "no components";
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < components.length(); i++) {
                out.append(i == 0 ? "" : "\n").append(routing(components.getJSONObject(i)));
            }
            return out.toString();
        }
    }

    @Command(name = "info", description = "Everything the application knows about one component, as JSON.")
    static final class Info extends OpsCommand {
        @Parameters(index = "0", description = "The component id.")
        String id;

        @Override
        String run(ActuatorClient client) {
            return client.get(id).toString(2);
        }
    }

    @Command(name = "history", description = "What happened to a component, oldest first, with why.")
    static final class History extends OpsCommand {
        @Parameters(index = "0", description = "The component id.")
        String id;

        @Override
        String run(ActuatorClient client) {
            JSONArray history = client.get(id).optJSONArray("history");
            if (history == null || history.isEmpty()) {
                return "no history";
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < history.length(); i++) {
                JSONObject entry = history.getJSONObject(i);
                out.append(i == 0 ? "" : "\n")
                        .append(entry.optString("at"))
                        .append("  ")
                        .append(String.format("%-10s", entry.optString("action")))
                        .append(' ')
                        .append(entry.optString("version"));
                String detail = entry.optString("detail");
                if (!detail.isEmpty()) {
                    out.append("  ").append(detail);
                }
            }
            return out.toString();
        }
    }
}
