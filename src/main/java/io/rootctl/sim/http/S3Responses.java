package io.rootctl.sim.http;

import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon S3 (2006-03-01) on the wire: the {@link S3Backend}'s operations over S3's REST-XML
 * protocol, signed for {@code s3}. The operation is the method and the path: {@code PUT /BUCKET}
 * CreateBucket, {@code PUT /BUCKET/KEY} PutObject, {@code GET} GetObject, {@code HEAD} HeadObject,
 * {@code DELETE} DeleteObject, {@code GET /} ListBuckets, and on a bucket's {@code ?policy}
 * subresource {@code GET} GetBucketPolicy, {@code PUT} PutBucketPolicy, {@code DELETE}
 * DeleteBucketPolicy; the bucket is the path's first segment (path-style, what the SDK sends to an
 * endpoint override with {@code forcePathStyle}) or the first label of the {@code Host} header
 * ({@code BUCKET.s3.amazonaws.com}, virtual-hosted style). Errors are S3's XML {@code <Error>} with
 * {@code Code}, {@code Message}, {@code RequestId} and {@code HostId}, and no body for {@code
 * HEAD}; every answer carries {@code x-amz-request-id}.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/Welcome.html">S3 API Reference</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html">S3 error
 *     responses</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html">Virtual
 *     hosting of buckets</a>
 */
final class S3Responses implements ServiceHandler {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final String XML = "application/xml";
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private final S3Backend s3;

  S3Responses(SimulatedOrganization org) {
    this.s3 = new S3Backend(org);
  }

  /**
   * {@code createBucket} ({@code account}, {@code bucket}, optional {@code policy}: a bucket in a
   * member account) and {@code lockBucket} ({@code bucket}: a bucket policy that denies everyone).
   */
  @Override
  public Map<String, Mutation> mutations() {
    return Map.of(
        "createBucket",
        in -> {
          var policy = in.path("policy");
          s3.createBucketIn(
              ControlPlane.account(in),
              ControlPlane.text(in, "bucket"),
              policy.isMissingNode() || policy.isNull()
                  ? Optional.empty()
                  : Optional.of(policy.isTextual() ? policy.asText() : policy.toString()));
          return ControlPlane.text(in, "bucket");
        },
        "lockBucket",
        in -> {
          s3.lockOut(ControlPlane.text(in, "bucket"));
          return "locked";
        });
  }

  @Override
  public String signingName() {
    return "s3";
  }

  @Override
  public Set<String> operations() {
    return Set.of(
        "CreateBucket",
        "PutObject",
        "GetObject",
        "HeadObject",
        "DeleteObject",
        "ListBuckets",
        "GetBucketPolicy",
        "PutBucketPolicy",
        "DeleteBucketPolicy");
  }

  @Override
  public Response handle(Request request) {
    var head = request.method().equals("HEAD");
    try {
      var target = target(request);
      var bucket = target[0];
      var key = target[1];
      if (bucket.isEmpty() && request.method().equals("GET")) {
        return listBuckets(request);
      }
      if (!bucket.isEmpty() && key.isEmpty() && subresource(request, "policy")) {
        return switch (request.method()) {
          case "GET" ->
              new Response(
                  200,
                  "application/json",
                  s3.getBucketPolicy(request.caller(), bucket),
                  Map.of("x-amz-request-id", request.requestId(), "x-amz-id-2", hostId(request)));
          case "PUT" -> {
            s3.putBucketPolicy(request.caller(), bucket, request.body());
            yield answer(204, "", Map.of(), request);
          }
          case "DELETE" -> {
            s3.deleteBucketPolicy(request.caller(), bucket);
            yield answer(204, "", Map.of(), request);
          }
          default ->
              throw new SimException(
                  "MethodNotAllowed",
                  405,
                  "The specified method is not allowed against this resource.");
        };
      }
      if (bucket.isEmpty()) {
        throw new SimException(
            "NotImplemented",
            501,
            "A header you provided implies functionality that is not implemented");
      }
      if (key.isEmpty()) {
        if (request.method().equals("PUT")) {
          s3.createBucket(request.caller(), bucket);
          return answer(200, "", Map.of("Location", "/" + bucket), request);
        }
        throw new SimException(
            "NotImplemented",
            501,
            "A header you provided implies functionality that is not implemented");
      }
      return switch (request.method()) {
        case "PUT" -> {
          var etag =
              s3.putObject(
                  request.caller(),
                  bucket,
                  key,
                  request.body(),
                  request.header("Content-Type").orElse("binary/octet-stream"),
                  request.header("If-None-Match"),
                  request.header("If-Match"));
          yield answer(200, "", Map.of("ETag", etag), request);
        }
        case "GET", "HEAD" -> {
          var object = s3.getObject(request.caller(), bucket, key, head);
          var headers = new LinkedHashMap<String, String>();
          headers.put("ETag", object.etag());
          headers.put("Last-Modified", HTTP_DATE.format(object.lastModified()));
          yield new Response(200, object.contentType(), head ? "" : object.body(), headers);
        }
        case "DELETE" -> {
          s3.deleteObject(request.caller(), bucket, key, request.header("If-Match"));
          yield answer(204, "", Map.of(), request);
        }
        default ->
            throw new SimException(
                "MethodNotAllowed",
                405,
                "The specified method is not allowed against this resource.");
      };
    } catch (SimException e) {
      return error(e, request, head);
    }
  }

  private Response listBuckets(Request request) {
    var buckets = s3.listBuckets(request.caller());
    var xml = new Xml().open("ListAllMyBucketsResult", NAMESPACE).open("Buckets");
    for (var b : buckets) {
      xml.open("Bucket").leaf("Name", b.name()).leaf("CreationDate", b.created()).close("Bucket");
    }
    xml.close("Buckets")
        .open("Owner")
        .leaf("ID", "sim-canonical-user")
        .close("Owner")
        .close("ListAllMyBucketsResult");
    return answer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml, Map.of(), request);
  }

  /** Whether the query string names {@code name} ({@code ?policy}, {@code ?policy=}). */
  private static boolean subresource(Request request, String name) {
    for (var part : request.query().split("&")) {
      var param = part.contains("=") ? part.substring(0, part.indexOf('=')) : part;
      if (param.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The bucket and key addressed: path-style, or the bucket in the Host header. */
  private static String[] target(Request request) {
    var path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
    var host = request.header("Host").orElse("");
    var hostname = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
    var virtual =
        hostname.contains(".")
            && !hostname.matches("[0-9.]+")
            && (hostname.contains(".s3.") || hostname.endsWith(".localhost"));
    if (virtual) {
      return new String[] {hostname.substring(0, hostname.indexOf('.')), path};
    }
    int slash = path.indexOf('/');
    return slash < 0
        ? new String[] {path, ""}
        : new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }

  private static Response answer(
      int status, String body, Map<String, String> headers, Request request) {
    var all = new LinkedHashMap<>(headers);
    all.put("x-amz-request-id", request.requestId());
    all.put("x-amz-id-2", hostId(request));
    return new Response(status, XML, body, all);
  }

  /** S3's error document; none for HEAD, whose answers have no body. */
  static Response error(SimException e, Request request, boolean head) {
    var headers = Map.of("x-amz-request-id", request.requestId(), "x-amz-id-2", hostId(request));
    if (head) {
      return new Response(e.httpStatus(), XML, "", headers);
    }
    var xml = new Xml();
    xml.open("Error")
        .leaf("Code", e.errorCode())
        .leaf("Message", Optional.ofNullable(e.getMessage()).orElse(""))
        .leaf("RequestId", request.requestId())
        .leaf("HostId", hostId(request))
        .close("Error");
    return new Response(
        e.httpStatus(), XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml, headers);
  }

  private static String hostId(Request request) {
    return "sim/" + request.requestId();
  }
}
