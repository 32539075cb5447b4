package io.rootctl.sim.http;

import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.StsBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * STS (2011-06-15) on the wire: the {@link StsBackend}'s operations over the {@link QueryProtocol},
 * signed for {@code sts}.
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html">STS API
 *     Reference</a>
 */
final class StsResponses implements ServiceHandler {
  /** STS's XML namespace. */
  static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

  private final StsBackend sts;
  private final QueryProtocol protocol;

  StsResponses(SimulatedOrganization org) {
    this.sts = new StsBackend(org);
    this.protocol = new QueryProtocol(NAMESPACE, "2011-06-15", operationTable());
  }

  @Override
  public String signingName() {
    return "sts";
  }

  @Override
  public Set<String> operations() {
    return protocol.operations();
  }

  @Override
  public Response handle(Request request) {
    return protocol.handle(request);
  }

  private Map<String, QueryProtocol.Operation> operationTable() {
    var ops = new LinkedHashMap<String, QueryProtocol.Operation>();
    ops.put(
        "AssumeRoot",
        (c, p, x) -> {
          var creds =
              sts.assumeRoot(
                  c,
                  QueryProtocol.required(p, "TargetPrincipal"),
                  QueryProtocol.required(p, "TaskPolicyArn.arn"),
                  QueryProtocol.integer(p, "DurationSeconds"));
          x.open("Credentials")
              .leaf("AccessKeyId", creds.accessKeyId())
              .leaf("SecretAccessKey", creds.secretAccessKey())
              .leaf("SessionToken", creds.sessionToken())
              .leaf("Expiration", creds.expiration())
              .close("Credentials");
          return true;
        });
    ops.put(
        "GetCallerIdentity",
        (c, p, x) -> {
          var id = sts.getCallerIdentity(c);
          x.leaf("UserId", id.userId()).leaf("Account", id.account()).leaf("Arn", id.arn());
          return true;
        });
    return ops;
  }
}
