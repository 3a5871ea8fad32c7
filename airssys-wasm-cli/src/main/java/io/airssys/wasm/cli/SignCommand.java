package io.airssys.wasm.cli;

import io.airssys.wasm.signing.ArtifactSigner;
import io.airssys.wasm.signing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "sign",
        description =
                "Signs an artifact (Ed25519) into its airssys:signature section, " + "replacing any earlier signature.")
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The artifact.")
    Path artifact;

    @Option(
            names = {"-k", "--key"},
            required = true,
            description = "The private key (PEM), e.g. publisher.key.")
    Path privateKey;

    @Option(
            names = {"-p", "--public-key"},
            required = true,
            description = "Its public key (PEM), e.g. publisher.pem.")
    Path publicKey;

    @Option(
            names = {"-o", "--out"},
            description = "Where to write the signed artifact; default: in place.")
    Path out;

    @Override
    public Integer call() throws Exception {
        KeyPair key = new KeyPair(
                SigningKeys.readPublicKey(Files.readString(publicKey)),
                SigningKeys.readPrivateKey(Files.readString(privateKey)));
        byte[] signed = ArtifactSigner.sign(Files.readAllBytes(artifact), key);
        Path target = out == null ? artifact : out;
        Files.write(target, signed);
        spec.commandLine()
                .getOut()
                .println("signed " + target + " with key " + SigningKeys.fingerprint(key.getPublic()));
        return 0;
    }
}
