package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** deploy/iam/rootctl-lock-policy.json: what the role needs for {@code lock.url}, and no more. */
class WriterLockPolicyTest {
  static final Path LOCK = Path.of("deploy/iam/rootctl-lock-policy.json");

  @Test
  void lockPolicyAllowsReadWriteAndDeleteOfTheLockObjectOnly() throws IOException {
    JsonNode policy = new ObjectMapper().readTree(LOCK.toFile());
    var statements = policy.path("Statement");

    assertThat(statements.size()).isEqualTo(1);
    var statement = statements.get(0);
    assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
    var actions = new ArrayList<String>();
    statement.path("Action").forEach(a -> actions.add(a.asText()));
    assertThat(actions).containsExactly("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
    assertThat(statement.path("Resource").asText())
        .as("one object, never a bucket or a wildcard")
        .isEqualTo("arn:aws:s3:::BUCKET/KEY");
  }

  @Test
  void deployGuideAndChartReadmeQuoteIt() throws IOException {
    var policy = Files.readString(LOCK).strip();

    assertThat(Files.readString(Path.of("docs/deploy.md"))).contains(policy);
    assertThat(Files.readString(Chart.DIR.resolve("README.md")))
        .contains("deploy/iam/rootctl-lock-policy.json")
        .contains("s3:GetObject", "s3:PutObject", "s3:DeleteObject");
  }
}
