package io.airssys.wasm.cli;

import io.airssys.wasm.WasmException;
import io.airssys.wasm.signing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "keygen",
        description =
                "Generates an Ed25519 key pair in PEM: <name>.key (private, keep secret) and <name>.pem (public, share).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-o", "--out"},
            required = true,
            description = "Path prefix of the key files, e.g. keys/publisher.")
    Path out;

    @Override
    public Integer call() throws Exception {
        KeyPair key = SigningKeys.generate();
        Path privateKey = Path.of(out + ".key");
        Path publicKey = Path.of(out + ".pem");
        if (Files.exists(privateKey)) {
            throw new WasmException(privateKey + " exists; refusing to overwrite a private key");
        }
        SigningKeys.writePrivateKey(privateKey, key.getPrivate());
        Files.writeString(publicKey, SigningKeys.toPem(key.getPublic()));
        spec.commandLine()
                .getOut()
                .println("wrote " + privateKey + " and " + publicKey + " (fingerprint "
                        + SigningKeys.fingerprint(key.getPublic()) + ")");
        return 0;
    }
}
