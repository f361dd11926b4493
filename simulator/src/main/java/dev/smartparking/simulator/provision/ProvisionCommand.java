package dev.smartparking.simulator.provision;

import dev.smartparking.simulator.http.ApiAddress;
import dev.smartparking.simulator.http.ApiFailure;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code provision}: posts a catalogue file (e.g. written by {@code city}) to the admin API. */
@Command(
    name = "provision",
    mixinStandardHelpOptions = true,
    description = "Register a catalogue document with the server.")
public final class ProvisionCommand implements Callable<Integer> {

  /** Same code as the server's own import CLI uses for a refused document. */
  static final int REFUSED = 2;

  @Spec CommandSpec spec;

  @Mixin ApiAddress api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role.")
  String adminToken;

  @Option(names = "--catalogue", required = true, description = "The catalogue JSON file.")
  Path catalogue;

  @Override
  public Integer call() throws Exception {
    String document = Files.readString(catalogue, StandardCharsets.UTF_8);
    PrintWriter out = spec.commandLine().getOut();
    try {
      ProvisioningReceipt receipt = new CatalogueProvisioner(api.baseAddress(), adminToken).provision(document);
      out.println("provisioned: " + receipt.counts().summary() + " issued_secrets=" + receipt.issuedSecrets().size());
      receipt.issuedSecrets().forEach((device, secret) -> out.println(device + " " + secret));
      return 0;
    } catch (ApiFailure failure) {
      spec.commandLine().getErr().println("provisioning failed: " + failure.describe());
      return REFUSED;
    }
  }
}
