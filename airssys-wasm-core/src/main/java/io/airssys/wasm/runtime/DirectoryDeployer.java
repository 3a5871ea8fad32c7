package io.airssys.wasm.runtime;

import io.airssys.wasm.LogText;
import io.airssys.wasm.Sha256;
import io.airssys.wasm.deployment.DeploymentStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot deploy: watches a directory and deploys each {@code *.wasm} artifact dropped or replaced
 * in it, with the operator's configured grants. The directory is polled; a file is deployed
 * once its size and modification time have not changed for one interval (so a file still
 * being copied is left alone) and its content differs from what was last deployed from it.
 * A refused artifact is logged and remembered in {@link #failures()}, and not retried until
 * its content changes. Removing a file does not undeploy anything.
 */
public final class DirectoryDeployer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryDeployer.class);

    private record Seen(long size, long modified) {}

    private final ComponentRuntime runtime;
    private final Path directory;
    private final DeploymentStrategy strategy;
    private final Map<Path, Seen> seen = new HashMap<>();
    private final Map<Path, String> handled = new HashMap<>();
    private final Map<Path, String> failures = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    DirectoryDeployer(ComponentRuntime runtime, Path directory, DeploymentStrategy strategy) {
        this.runtime = runtime;
        this.directory = directory;
        this.strategy = strategy;
    }

    /** Starts watching {@code directory}, polling every {@code interval}. */
    public static DirectoryDeployer start(
            ComponentRuntime runtime, Path directory, Duration interval, DeploymentStrategy strategy) {
        DirectoryDeployer deployer = new DirectoryDeployer(runtime, directory, strategy);
        deployer.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "airssys-wasm-directory-deployer");
            thread.setDaemon(true);
            return thread;
        });
        deployer.scheduler.scheduleWithFixedDelay(deployer::scanSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching {} for component artifacts every {} ms", directory, interval.toMillis());
        return deployer;
    }

    /** Artifacts refused since they last changed, with the reason. */
    public Map<Path, String> failures() {
        return Map.copyOf(failures);
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException | Error e) {
            log.error("scanning {} failed", directory, e);
        }
    }

    /** One poll: deploys every artifact that has settled since the previous poll and changed since its last deploy. */
    synchronized void scan() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".wasm") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            log.warn("cannot list {}: {}", directory, e.getMessage());
            return;
        }
        seen.keySet().retainAll(files);
        for (Path file : files) {
            try {
                Seen now = new Seen(
                        Files.size(file), Files.getLastModifiedTime(file).toMillis());
                Seen before = seen.put(file, now);
                if (!now.equals(before)) {
                    continue; // new or still changing: look again next time
                }
                if (now.size() > runtime.maxArtifactBytes()) {
                    failures.put(
                            file,
                            "it is " + now.size() + " bytes, above the artifact limit of " + runtime.maxArtifactBytes()
                                    + " bytes");
                    continue;
                }
                byte[] artifact = Files.readAllBytes(file);
                String sha256 = Sha256.hex(artifact);
                if (sha256.equals(handled.get(file))) {
                    continue;
                }
                handled.put(file, sha256);
                deploy(file, artifact);
            } catch (IOException e) {
                log.warn("cannot read {}: {}", file, e.getMessage());
            }
        }
    }

    private void deploy(Path file, byte[] artifact) {
        try {
            String id = runtime.deploy(artifact, strategy).id();
            failures.remove(file);
            log.info("deployed {} from {}", id, file);
        } catch (RuntimeException e) {
            failures.put(file, e.getMessage());
            log.error("refused {}: {}", file, LogText.escape(e.getMessage()));
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
