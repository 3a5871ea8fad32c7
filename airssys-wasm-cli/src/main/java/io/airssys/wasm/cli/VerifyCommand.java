package io.airssys.wasm.cli;

import io.airssys.wasm.signing.SignatureVerifier;
import io.airssys.wasm.signing.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        description = "Checks an artifact's signature as a host with these trusted keys would; "
                + "exits 1 with the reason if it would be refused.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The artifact.")
    Path artifact;

    @Option(
            names = {"-t", "--trusted"},
            required = true,
            description = "A trusted public key (PEM) or a directory of them.")
    Path trusted;

    @Option(
            names = "--allow-unsigned",
            description = "Accept an unsigned artifact (signatures present are still checked).")
    boolean allowUnsigned;

    @Override
    public Integer call() throws Exception {
        Optional<String> key = new SignatureVerifier(TrustStore.load(trusted), !allowUnsigned)
                .verify(artifact.getFileName().toString(), Files.readAllBytes(artifact));
        spec.commandLine()
                .getOut()
                .println(key.map(k -> "valid signature by trusted key " + k).orElse("unsigned, accepted"));
        return 0;
    }
}
