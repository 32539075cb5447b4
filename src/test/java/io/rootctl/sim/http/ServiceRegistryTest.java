package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A new AWS service joins the emulator with its own handler and one registration, beside the
 * others, as docs/emulator.md describes: requests signed for it reach it, its operations are
 * listed, its mutate actions are on the control plane, and the other services are unchanged.
 */
class ServiceRegistryTest {
  final SimulatedOrganization org =
      SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
  final String admin = org.managementCredentials().accessKeyId();

  /** A toy service over the query protocol: one operation and one mutate action. */
  static class ToyResponses implements ServiceHandler {
    private final QueryProtocol protocol;

    ToyResponses(SimulatedOrganization org) {
      protocol =
          new QueryProtocol(
              "https://toy.example.com/doc/2020-01-01/",
              "2020-01-01",
              Map.of(
                  "WhoAmI",
                  (caller, params, xml) -> {
                    xml.leaf("Account", org.accountOf(caller).map(AccountId::value).orElse("?"));
                    return true;
                  }));
    }

    @Override
    public String signingName() {
      return "toy";
    }

    @Override
    public Set<String> operations() {
      return protocol.operations();
    }

    @Override
    public Response handle(Request request) {
      return protocol.handle(request);
    }

    @Override
    public Map<String, Mutation> mutations() {
      return Map.of("toyAction", input -> "done " + input.path("account").asText());
    }
  }

  HttpResponse<String> signed(EmulatorServer server, String service, String body) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(server.endpoint().resolve("/"))
              .header(
                  "Authorization",
                  "AWS4-HMAC-SHA256 Credential="
                      + admin
                      + "/20261123/us-east-1/"
                      + service
                      + "/aws4_request, SignedHeaders=host, Signature=00")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  HttpResponse<String> mutate(EmulatorServer server, String body) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(server.endpoint().resolve("/_sim/mutate"))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void aRegisteredServiceIsServedBesideTheOthers() throws Exception {
    var services = new ArrayList<>(EmulatorServer.SERVICES);
    services.add(ToyResponses::new);
    try (var server = new EmulatorServer(org, 0, services).start()) {
      var toy = signed(server, "toy", "Action=WhoAmI&Version=2020-01-01");
      assertThat(toy.statusCode()).isEqualTo(200);
      assertThat(toy.body())
          .startsWith("<WhoAmIResponse xmlns=\"https://toy.example.com/doc/2020-01-01/\">")
          .contains("<Account>111111111111</Account>");
      var iam = signed(server, "iam", "Action=ListOrganizationsFeatures&Version=2010-05-08");
      assertThat(iam.statusCode()).isEqualTo(200);
      assertThat(server.servedOperations()).contains("toy:WhoAmI", "iam:GetUser", "sts:AssumeRoot");
      assertThat(mutate(server, "{\"action\":\"toyAction\",\"account\":\"222222222222\"}").body())
          .isEqualTo("{\"result\":\"done 222222222222\"}");
      assertThat(
              mutate(server, "{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}")
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aServiceNotRegisteredIsAnUnknownService() throws Exception {
    try (var server =
        new EmulatorServer(
                org, 0, List.<Function<SimulatedOrganization, ServiceHandler>>of(StsResponses::new))
            .start()) {
      var iam = signed(server, "iam", "Action=GetUser&Version=2010-05-08");
      assertThat(iam.statusCode()).isEqualTo(400);
      assertThat(iam.body()).contains("<Code>UnknownService</Code>");
      assertThat(server.servedOperations())
          .containsExactly("sts:AssumeRoot", "sts:GetCallerIdentity");
      assertThat(
              mutate(server, "{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}")
                  .statusCode())
          .as("IAM's mutate actions come with IAM")
          .isEqualTo(400);
    }
  }

  @Test
  void twoServicesMayNotShareASigningNameOrAMutateAction() {
    assertThatThrownBy(
            () -> new EmulatorServer(org, 0, List.of(IamResponses::new, IamResponses::new)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("iam");
    assertThatThrownBy(
            () -> new EmulatorServer(org, 0, List.of(ToyResponses::new, toyNamed("toy2"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("toyAction");
  }

  private static Function<SimulatedOrganization, ServiceHandler> toyNamed(String name) {
    return o ->
        new ToyResponses(o) {
          @Override
          public String signingName() {
            return name;
          }
        };
  }
}
