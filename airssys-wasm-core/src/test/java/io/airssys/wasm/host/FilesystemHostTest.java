package io.airssys.wasm.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.airssys.wasm.abi.WitHostFunctions;
import io.airssys.wasm.abi.WitValue;
import io.airssys.wasm.abi.WitValue.BytesValue;
import io.airssys.wasm.abi.WitValue.ResultValue;
import io.airssys.wasm.abi.WitValue.StringValue;
import io.airssys.wasm.security.AuditLog;
import io.airssys.wasm.security.Capability;
import io.airssys.wasm.security.CapabilityEnforcer;
import io.airssys.wasm.security.CapabilitySet;
import io.airssys.wasm.security.PathPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemHostTest {

    @TempDir
    Path root;

    private Map<String, WitHostFunctions.Implementation> fs;

    @BeforeEach
    void grant() throws IOException {
        root = root.toRealPath();
        Files.createDirectories(root.resolve("in"));
        Files.createDirectories(root.resolve("out"));
        Files.writeString(root.resolve("in/hello.txt"), "hello");
        Files.writeString(root.resolve("secret.txt"), "secret");
        CapabilityEnforcer enforcer = new CapabilityEnforcer(new AuditLog(10));
        CapabilitySet caps = CapabilitySet.of(
                new Capability.FilesystemRead(PathPattern.parse(root + "/in/**")),
                new Capability.FilesystemWrite(PathPattern.parse(root + "/out/**")));
        enforcer.admit("files", caps, caps);
        fs = new FilesystemHost(enforcer, 1024, 4096).implementations("files");
    }

    private WitValue call(String function, Object... args) throws Exception {
        List<WitValue> values = new ArrayList<>();
        for (Object arg : args) {
            values.add(arg instanceof String s ? new StringValue(s) : new BytesValue((byte[]) arg));
        }
        return fs.get(function).call(values);
    }

    private static void assertError(WitValue result, String errorCase) {
        assertThat(result).isInstanceOfSatisfying(ResultValue.class, r -> {
            assertThat(r.ok()).isFalse();
            assertThat(((WitValue.VariantValue) r.value().orElseThrow()).caseName())
                    .isEqualTo(errorCase);
        });
    }

    @Test
    void readsGrantedFiles() throws Exception {
        assertThat(call("read-file", root + "/in/hello.txt"))
                .isEqualTo(ResultValue.ok(new BytesValue("hello".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void deniedAndEscapingPathsGetPermissionDeniedNotATrap() throws Exception {
        assertError(call("read-file", root + "/secret.txt"), "permission-denied");
        assertError(call("read-file", root + "/in/../secret.txt"), "permission-denied");
        assertError(call("write-file", root + "/in/new.txt", new byte[] {1}), "permission-denied");
        assertThat(root.resolve("in/new.txt")).doesNotExist();
    }

    @Test
    void writesAppendsListsStatsCreatesAndRemoves() throws Exception {
        String file = root + "/out/log.txt";
        assertThat(call("write-file", file, "a".getBytes())).isEqualTo(WitValues.UNIT_OK);
        assertThat(call("append-file", file, "b".getBytes())).isEqualTo(WitValues.UNIT_OK);
        assertThat(Files.readString(Path.of(file))).isEqualTo("ab");

        assertThat(call("create-directory", root + "/out/sub")).isEqualTo(WitValues.UNIT_OK);
        WitValue listing =
                ((ResultValue) call("list-directory", root + "/out")).value().orElseThrow();
        assertThat(((WitValue.ListValue) listing).elements())
                .extracting(e -> ((WitValue.RecordValue) e).field("name"))
                .containsExactly(new StringValue("log.txt"), new StringValue("sub"));
        WitValue stat = ((ResultValue) call("stat", file)).value().orElseThrow();
        assertThat(((WitValue.RecordValue) stat).field("size")).isEqualTo(WitValues.u64(2));
        assertThat(((WitValue.RecordValue) stat).field("kind")).isEqualTo(new WitValue.EnumValue("file"));

        assertThat(call("remove", file)).isEqualTo(WitValues.UNIT_OK);
        assertThat(Path.of(file)).doesNotExist();
    }

    @Test
    void failuresMapToTheirErrorCases() throws Exception {
        assertError(call("read-file", root + "/in/missing.txt"), "not-found");
        assertError(call("create-directory", root + "/out"), "already-exists");
        Files.write(root.resolve("in/big.bin"), new byte[2048]);
        assertThat(call("read-file", root + "/in/big.bin"))
                .isEqualTo(ResultValue.err(new WitValue.VariantValue("too-large", Optional.of(WitValues.u64(2048)))));
    }

    @Test
    void symbolicLinksAreNeverFollowedEvenWhenTheyPointInsideTheGrant() throws Exception {
        Files.createSymbolicLink(root.resolve("in/escape.txt"), root.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("in/escape-dir"), root);
        Files.createSymbolicLink(root.resolve("in/alias.txt"), root.resolve("in/hello.txt"));

        assertError(call("read-file", root + "/in/escape.txt"), "permission-denied");
        assertError(call("read-file", root + "/in/escape-dir/secret.txt"), "permission-denied");
        assertError(call("read-file", root + "/in/alias.txt"), "permission-denied");
        assertError(call("list-directory", root + "/in/escape-dir"), "permission-denied");
    }

    @Test
    void aDanglingLinkCannotBeUsedToCreateAFileOutside() throws Exception {
        Files.createSymbolicLink(root.resolve("out/trap.txt"), root.resolve("created-outside.txt"));
        Files.createSymbolicLink(root.resolve("out/trap-dir"), root.resolve("made-outside"));

        assertError(call("write-file", root + "/out/trap.txt", new byte[] {1}), "permission-denied");
        assertError(call("append-file", root + "/out/trap.txt", new byte[] {1}), "permission-denied");
        assertError(call("create-directory", root + "/out/trap-dir/x"), "permission-denied");
        assertThat(root.resolve("created-outside.txt")).doesNotExist();
        assertThat(root.resolve("made-outside")).doesNotExist();
    }

    @Test
    void removingALinkRemovesTheLinkNotItsTarget() throws Exception {
        Files.createSymbolicLink(root.resolve("out/link"), root.resolve("secret.txt"));

        assertThat(call("remove", root + "/out/link")).isEqualTo(WitValues.UNIT_OK);
        assertThat(root.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    void theGrantedDirectoryItselfCannotBeRemoved() throws Exception {
        assertError(call("remove", root + "/out"), "permission-denied");
        assertThat(root.resolve("out")).isDirectory();
    }

    @Test
    void writtenFilesAreCappedInSize() throws Exception {
        assertError(call("write-file", root + "/out/big.bin", new byte[5000]), "too-large");
        assertThat(call("write-file", root + "/out/big.bin", new byte[3000])).isEqualTo(WitValues.UNIT_OK);
        assertError(call("append-file", root + "/out/big.bin", new byte[2000]), "too-large");
        assertThat(Files.size(root.resolve("out/big.bin"))).isEqualTo(3000);
    }

    @Test
    void createsNestedDirectoriesByHandle() throws Exception {
        assertThat(call("create-directory", root + "/out/a")).isEqualTo(WitValues.UNIT_OK);
        assertThat(call("create-directory", root + "/out/a/b")).isEqualTo(WitValues.UNIT_OK);
        assertThat(root.resolve("out/a/b")).isDirectory();
        try (var leftovers = Files.list(root.resolve("out"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("a");
        }
    }
}
