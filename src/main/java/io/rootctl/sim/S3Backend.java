package io.rootctl.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amazon S3, simulated over a {@link SimulatedOrganization}'s shared state: the few calls the
 * writer lock needs, with S3's conditional writes. {@code PutObject} with {@code If-None-Match: *}
 * creates an object only if the key has none (else 412 {@code PreconditionFailed}); {@code
 * PutObject} and {@code DeleteObject} with {@code If-Match: ETAG} write only if the object's ETag
 * is still that (else 412, or 404 {@code NoSuchKey} when there is no object). Each call runs
 * through the call pipeline (faults, latency, journal) and under its one state lock, so two
 * conditional writes never interleave (AWS answers 409 {@code ConditionalRequestConflict} to a race
 * it cannot order; tests queue that error with {@link SimulatedOrganization#failNext}). ETags are
 * the quoted MD5 of the body, as S3's for a single-part upload. A view: construct as many as
 * convenient. Thread-safe.
 *
 * <p>Buckets belong to an account (the caller's that created it; the writer lock's bucket, made by
 * {@link #ensureBucket}, to the management account), and may carry a bucket policy: {@code
 * ListBuckets}, {@code GetBucketPolicy}, {@code PutBucketPolicy} and {@code DeleteBucketPolicy},
 * the calls the {@code S3UnlockBucketPolicy} root-task policy leaves permitted. The emulator
 * evaluates a bucket policy's unconditional {@code Deny} statements for everyone ({@code
 * "Principal": "*"}), the shape of a policy that locks everyone out ({@link #denyAllPolicy}); every
 * call on such a bucket is denied, except the three bucket-policy calls of the root user of the
 * bucket's own account, which "can perform the GetBucketPolicy, PutBucketPolicy, and
 * DeleteBucketPolicy API actions, even if their bucket policy explicitly denies the root
 * principal's access" (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html">DeleteBucketPolicy</a>;
 * <a href="https://repost.aws/knowledge-center/s3-accidentally-denied-access">I accidentally denied
 * everyone access to my Amazon S3 bucket</a>). Only the bucket owner's account may call them at all
 * (another account: {@code AccessDenied}, as it has no grant).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/S3UnlockBucketPolicy.html">S3UnlockBucketPolicy</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html">S3 error
 *     responses</a>
 */
public final class S3Backend {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** An object as stored: body, content type, ETag (quoted) and last change. */
  public record StoredObject(
      String body, String contentType, String etag, java.time.Instant lastModified) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The largest bucket policy S3 accepts, in bytes (20 KB). */
  static final int MAX_POLICY_BYTES = 20 * 1024;

  /** A bucket as ListBuckets shows it. */
  public record BucketView(String name, Instant created) {}

  private final SimState state;
  private final CallPipeline pipeline;

  public S3Backend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  /**
   * Creates {@code bucket} now, outside the API (not journaled, never faulted): what {@code rootctl
   * sim} does for the writer lock. Idempotent.
   */
  public void ensureBucket(String bucket) {
    pipeline.locked(
        () -> {
          state.bucketCreated.putIfAbsent(valid(bucket), pipeline.now());
          return state.buckets.computeIfAbsent(bucket, b -> new TreeMap<>());
        });
  }

  /**
   * Creates {@code bucket} in member account {@code owner} now, outside the API (a fixture for the
   * unlock commands), with {@code policy} as its bucket policy when present.
   *
   * @throws IllegalArgumentException when the account is not in the organization, the bucket exists
   *     or its name is not valid
   */
  public void createBucketIn(AccountId owner, String bucket, Optional<String> policy) {
    pipeline.locked(
        () -> {
          if (!state.accounts.containsKey(owner)) {
            throw new IllegalArgumentException("no account " + owner + " in the organization");
          }
          if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a valid bucket name: " + bucket);
          }
          if (state.buckets.containsKey(bucket)) {
            throw new IllegalArgumentException("bucket " + bucket + " exists");
          }
          state.buckets.put(bucket, new TreeMap<>());
          state.bucketOwners.put(bucket, owner);
          state.bucketCreated.put(bucket, pipeline.now());
          policy.ifPresent(p -> state.bucketPolicies.put(bucket, checkedPolicy(p)));
          return bucket;
        });
  }

  /**
   * Sets {@link #denyAllPolicy} on {@code bucket} now, outside the API: the locked-out fixture.
   *
   * @throws IllegalArgumentException when there is no such bucket
   */
  public void lockOut(String bucket) {
    pipeline.locked(
        () -> {
          if (!state.buckets.containsKey(bucket)) {
            throw new IllegalArgumentException("no bucket " + bucket);
          }
          return state.bucketPolicies.put(bucket, denyAllPolicy(bucket));
        });
  }

  /** {@code bucket}'s bucket policy now, outside the API (tests); empty if none. */
  public Optional<String> policy(String bucket) {
    return pipeline.locked(() -> Optional.ofNullable(state.bucketPolicies.get(bucket)));
  }

  /**
   * A bucket policy that denies everyone every S3 action on the bucket and its objects: the mistake
   * that locks a bucket's own administrators out.
   */
  public static String denyAllPolicy(String bucket) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyEveryone\","
        + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":"
        + "[\"arn:aws:s3:::"
        + bucket
        + "\",\"arn:aws:s3:::"
        + bucket
        + "/*\"]}]}";
  }

  /**
   * s3:ListBuckets: the buckets of the caller's account, by name.
   *
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html">
   *     ListBuckets</a>
   */
  public List<BucketView> listBuckets(Caller caller) {
    return pipeline.call(
        "s3:ListBuckets",
        caller,
        p -> {
          var mine = new ArrayList<BucketView>();
          for (var name : state.buckets.keySet()) {
            if (owner(name).equals(p.account())) {
              mine.add(new BucketView(name, state.bucketCreated.getOrDefault(name, Instant.EPOCH)));
            }
          }
          return mine;
        });
  }

  /**
   * s3:GetBucketPolicy.
   *
   * @return the policy, as it was put
   * @throws SimException {@code NoSuchBucket} (404), {@code NoSuchBucketPolicy} (404), {@code
   *     AccessDenied} (403: another account's bucket, or denied by the bucket policy to anyone but
   *     the owner's root user)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html">
   *     GetBucketPolicy</a>
   */
  public String getBucketPolicy(Caller caller, String bucket) {
    return pipeline.call(
        "s3:GetBucketPolicy",
        caller,
        p -> {
          bucketPolicyCall(p, bucket, "s3:GetBucketPolicy");
          var policy = state.bucketPolicies.get(bucket);
          if (policy == null) {
            throw new SimException("NoSuchBucketPolicy", 404, "The bucket policy does not exist");
          }
          return policy;
        });
  }

  /**
   * s3:PutBucketPolicy: replaces the bucket policy.
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code MalformedPolicy} (400: not a JSON
   *     object with a {@code Statement}, or larger than 20 KB), {@code AccessDenied} (403)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html">
   *     PutBucketPolicy</a>
   * @see <a
   *     href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html">Bucket
   *     policies</a> (20 KB at most)
   */
  public void putBucketPolicy(Caller caller, String bucket, String policy) {
    pipeline.call(
        "s3:PutBucketPolicy",
        caller,
        p -> {
          bucketPolicyCall(p, bucket, "s3:PutBucketPolicy");
          String checked;
          try {
            checked = checkedPolicy(policy);
          } catch (IllegalArgumentException e) {
            throw new SimException("MalformedPolicy", 400, e.getMessage());
          }
          return state.bucketPolicies.put(bucket, checked);
        });
  }

  /**
   * s3:DeleteBucketPolicy. A bucket without a policy is answered 204 as well.
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code AccessDenied} (403)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html">
   *     DeleteBucketPolicy</a>
   */
  public void deleteBucketPolicy(Caller caller, String bucket) {
    pipeline.call(
        "s3:DeleteBucketPolicy",
        caller,
        p -> {
          bucketPolicyCall(p, bucket, "s3:DeleteBucketPolicy");
          return Optional.ofNullable(state.bucketPolicies.remove(bucket));
        });
  }

  /**
   * Who may call a bucket-policy operation: the bucket's own account only; its root user even when
   * the bucket policy denies it, anyone else only when the policy does not.
   */
  private void bucketPolicyCall(Principal p, String bucket, String action) {
    bucket(bucket);
    var owner = owner(bucket);
    if (!owner.equals(p.account())) {
      throw denied(p, action, bucket);
    }
    if (p.session().isEmpty()) {
      allowedByPolicy(p, bucket, action);
    }
  }

  private AccountId owner(String bucket) {
    return state.bucketOwners.getOrDefault(bucket, state.management);
  }

  /** AccessDenied when {@code bucket}'s policy denies {@code action} to everyone. */
  private void allowedByPolicy(Principal p, String bucket, String action) {
    var policy = state.bucketPolicies.get(bucket);
    if (policy != null && deniesEveryone(policy, action)) {
      throw SimException.accessDenied(
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + action
              + " on resource: \"arn:aws:s3:::"
              + bucket
              + "\" with an explicit deny in a resource-based policy");
    }
  }

  private static SimException denied(Principal p, String action, String bucket) {
    return SimException.accessDenied(
        "User: "
            + p.arn()
            + " is not authorized to perform: "
            + action
            + " on resource: \"arn:aws:s3:::"
            + bucket
            + "\" because no resource-based policy allows the "
            + action
            + " action");
  }

  /**
   * Whether a statement of {@code policy} denies {@code action} to everyone without a condition:
   * {@code Effect} Deny, {@code Principal} {@code *} (or {@code {"AWS": "*"}}), and an {@code
   * Action} of {@code *}, {@code s3:*} or the action itself. Other statements are not evaluated.
   */
  static boolean deniesEveryone(String policy, String action) {
    JsonNode root;
    try {
      root = JSON.readTree(policy);
    } catch (JsonProcessingException e) {
      return false;
    }
    var statements = root.path("Statement");
    var list = statements.isArray() ? statements : JSON.createArrayNode().add(statements);
    for (var st : list) {
      if (!st.path("Effect").asText().equals("Deny") || st.has("Condition")) {
        continue;
      }
      var principal = st.path("Principal");
      var everyone = principal.asText().equals("*") || principal.path("AWS").asText().equals("*");
      if (!everyone) {
        continue;
      }
      var actions = st.path("Action");
      var names = new ArrayList<String>();
      if (actions.isArray()) {
        actions.forEach(a -> names.add(a.asText()));
      } else {
        names.add(actions.asText());
      }
      for (var a : names) {
        if (a.equals("*") || a.equalsIgnoreCase("s3:*") || a.equalsIgnoreCase(action)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code policy} when it is a JSON object with a {@code Statement} and at most 20 KB. */
  private static String checkedPolicy(String policy) {
    if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
      throw new IllegalArgumentException("Policies must be no larger than 20 KB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(policy);
    } catch (JsonProcessingException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "Policies must be valid JSON and the first byte must be '{'");
    }
    if (!root.has("Statement")) {
      throw new IllegalArgumentException("Missing required field Statement");
    }
    return policy;
  }

  /**
   * s3:CreateBucket. In us-east-1 a bucket the caller already has is answered 200 again, as AWS
   * does there.
   *
   * @throws SimException {@code InvalidBucketName} (400)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html">
   *     CreateBucket</a>
   */
  public void createBucket(Caller caller, String bucket) {
    pipeline.call(
        "s3:CreateBucket",
        caller,
        p -> {
          if (!state.buckets.containsKey(valid(bucket))) {
            state.bucketOwners.put(bucket, p.account());
            state.bucketCreated.put(bucket, pipeline.now());
          }
          return state.buckets.computeIfAbsent(bucket, b -> new TreeMap<>());
        });
  }

  /**
   * s3:PutObject, conditionally.
   *
   * @param ifNoneMatch {@code *}: only if there is no object (any other value: 501 {@code
   *     NotImplemented}, as S3 answers)
   * @param ifMatch an ETag: only if the object's is that
   * @return the new object's ETag, quoted
   * @throws SimException {@code NoSuchBucket} (404), {@code PreconditionFailed} (412), {@code
   *     NoSuchKey} (404, {@code If-Match} without an object)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html">PutObject</a>
   */
  public String putObject(
      Caller caller,
      String bucket,
      String key,
      String body,
      String contentType,
      Optional<String> ifNoneMatch,
      Optional<String> ifMatch) {
    return pipeline.call(
        "s3:PutObject",
        caller,
        p -> {
          var objects = bucket(bucket);
          allowedByPolicy(p, bucket, "s3:PutObject");
          var current = objects.get(key);
          if (ifNoneMatch.isPresent()) {
            if (!ifNoneMatch.get().strip().equals("*")) {
              throw new SimException(
                  "NotImplemented",
                  501,
                  "A header you provided implies functionality that is not implemented");
            }
            if (current != null) {
              throw preconditionFailed();
            }
          }
          if (ifMatch.isPresent()) {
            if (current == null) {
              throw noSuchKey();
            }
            if (!sameEtag(current.etag(), ifMatch.get())) {
              throw preconditionFailed();
            }
          }
          var stored = new SimState.S3Object(body, contentType, etag(body), pipeline.now());
          objects.put(key, stored);
          return stored.etag();
        });
  }

  /**
   * s3:GetObject (and HeadObject: {@code operation} names which).
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code NoSuchKey} (404)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html">GetObject</a>
   */
  public StoredObject getObject(Caller caller, String bucket, String key, boolean head) {
    return pipeline.call(
        head ? "s3:HeadObject" : "s3:GetObject",
        caller,
        p -> {
          var current = bucket(bucket).get(key);
          allowedByPolicy(p, bucket, "s3:GetObject");
          if (current == null) {
            throw noSuchKey();
          }
          return new StoredObject(
              current.body(), current.contentType(), current.etag(), current.lastModified());
        });
  }

  /**
   * s3:DeleteObject, conditionally with {@code If-Match}. Without a condition, deleting a key with
   * no object succeeds (S3 answers 204 either way).
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code PreconditionFailed} (412), {@code
   *     NoSuchKey} (404, {@code If-Match} without an object)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html">
   *     DeleteObject</a>
   */
  public void deleteObject(Caller caller, String bucket, String key, Optional<String> ifMatch) {
    pipeline.call(
        "s3:DeleteObject",
        caller,
        p -> {
          var objects = bucket(bucket);
          allowedByPolicy(p, bucket, "s3:DeleteObject");
          var current = objects.get(key);
          if (ifMatch.isPresent()) {
            if (current == null) {
              throw noSuchKey();
            }
            if (!sameEtag(current.etag(), ifMatch.get())) {
              throw preconditionFailed();
            }
          }
          return objects.remove(key);
        });
  }

  /** The object at {@code bucket}/{@code key} now, outside the API (tests); empty if none. */
  public Optional<StoredObject> object(String bucket, String key) {
    return pipeline.locked(
        () ->
            Optional.ofNullable(state.buckets.getOrDefault(bucket, Map.of()).get(key))
                .map(o -> new StoredObject(o.body(), o.contentType(), o.etag(), o.lastModified())));
  }

  private Map<String, SimState.S3Object> bucket(String bucket) {
    var objects = state.buckets.get(bucket);
    if (objects == null) {
      throw new SimException("NoSuchBucket", 404, "The specified bucket does not exist");
    }
    return objects;
  }

  private static String valid(String bucket) {
    if (!BUCKET.matcher(bucket).matches()) {
      throw new SimException("InvalidBucketName", 400, "The specified bucket is not valid.");
    }
    return bucket;
  }

  private static boolean sameEtag(String etag, String condition) {
    var c = condition.strip();
    return c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag);
  }

  private static SimException preconditionFailed() {
    return new SimException(
        "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
  }

  private static SimException noSuchKey() {
    return new SimException("NoSuchKey", 404, "The specified key does not exist.");
  }

  private static String etag(String body) {
    try {
      var md5 = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(md5) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5", e);
    }
  }
}
