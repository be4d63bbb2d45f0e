package io.github.hipaas3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Turns object IDs into stored keys (keyed hashes) and, with older key-hashing secrets, one call
 * into the requests it needs: a read falls back to each older secret's key while S3 answers 404
 * (never past a delete marker); a write to an existing object addresses the key form that
 * exists; a delete without a version ID puts a delete marker on every key form that has an
 * object. Each request it makes goes through the send stages ({@link Sender}).
 */
final class KeyRouting {

  /** Sends one request with final keys through the send stages. */
  interface Sender {
    /**
     * Sends the request.
     *
     * @param request the request, keys final
     * @param <T> the request type
     * @return the response
     */
    <T extends S3Request> Object send(T request);
  }

  /** The most entries S3 accepts in one DeleteObjects request. */
  static final int MAX_BATCH = 1000;

  private final NamePolicy names;
  private final KeyMapper mapper;
  private final BiPredicate<String, String[]> exists;
  private final ListingKeys listings;

  /**
   * Creates the routing.
   *
   * @param names maps the key fields of a request
   * @param mapper the key mapper
   * @param exists whether a stored key exists in a bucket ({@code [key, versionId]}): false on
   *     404 only; any other failure is thrown
   */
  KeyRouting(NamePolicy names, KeyMapper mapper, BiPredicate<String, String[]> exists) {
    this.names = Objects.requireNonNull(names, "names");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.exists = Objects.requireNonNull(exists, "exists");
    this.listings = ListingKeys.of(mapper);
  }

  /**
   * Routes one call.
   *
   * @param rule the operation
   * @param request the request after the caller stages (object IDs not yet mapped)
   * @param sender sends each request with final keys
   * @return the response the caller gets
   */
  @Nullable Object route(OperationRule rule, S3Request request, Sender sender) {
    return listings.fromStored(rule, routeKeys(rule, listings.toStored(rule, request), sender));
  }

  private @Nullable Object routeKeys(OperationRule rule, S3Request request, Sender sender) {
    String op = rule.operationName();
    if (!mapper.hasOlderSecrets()) {
      return sender.send(names.mapKeys(request,
          (field, bucket, version, id) -> mapper.keyFor(id, op)));
    }
    if (rule.has(Trait.READS_OBJECT)) {
      return readWithOlderSecrets(rule, request, sender);
    }
    if (request instanceof DeleteObjectRequest deleteRequest
        && deleteRequest.versionId() == null) {
      return deleteEveryKeyForm(rule, deleteRequest, sender);
    }
    if (request instanceof DeleteObjectsRequest deletesRequest) {
      return deleteObjectsEveryKeyForm(rule, deletesRequest, sender);
    }
    if (rule.has(Trait.NAMES_EXISTING_OBJECT)) {
      return sender.send(names.mapKeys(request, (field, bucket, version, id) ->
          "DestinationKey".equals(field) ? mapper.keyFor(id, op)
              : existingKey(bucket, version, id, op)));
    }
    return sender.send(names.mapKeys(request,
        (field, bucket, version, id) -> mapper.keyFor(id, op)));
  }

  /** Tries the current secret's key, then each older one's, while S3 answers 404. */
  private Object readWithOlderSecrets(OperationRule rule, S3Request request, Sender sender) {
    String op = rule.operationName();
    String objectId = request.getValueForField("Key", String.class).orElse(null);
    if (objectId == null) {
      return sender.send(request); // the SDK reports the missing key
    }
    List<String> candidates = mapper.candidateKeys(objectId, op);
    S3Exception first = null;
    for (String candidate : candidates) {
      try {
        return sender.send(names.mapKeys(request, (field, bucket, version, id) -> candidate));
      } catch (S3Exception e) {
        // A delete marker on this key means the object was deleted: an older secret's copy
        // must not come back. Only a plain 404 (no such key at all) falls back.
        if (e.statusCode() != 404 || isNoSuchBucket(e) || PolicyGate.isDeleteMarker(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null
        && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  /**
   * The candidate key that exists in S3 (newest secret first), or the current secret's key when
   * none does.
   */
  private String existingKey(@Nullable String bucket, @Nullable String versionId,
      String objectId, String op) {
    List<String> candidates = mapper.candidateKeys(objectId, op);
    if (candidates.size() == 1 || bucket == null) {
      return candidates.get(0);
    }
    for (String candidate : candidates) {
      if (exists.test(bucket, new String[] {candidate, versionId})) {
        return candidate;
      }
    }
    return candidates.get(0);
  }

  /**
   * Every candidate key of an object ID whose current version is an object (not a delete
   * marker), oldest secret first; the current secret's key alone when none is. Each candidate is
   * asked with HEAD before anything is deleted, so a HEAD that fails (403, 5xx) fails the call
   * before any delete is sent.
   */
  private List<String> existingKeys(String bucket, String objectId, String op) {
    List<String> candidates = mapper.candidateKeys(objectId, op);
    if (candidates.size() == 1 || bucket == null) {
      return List.of(candidates.get(0));
    }
    List<String> present = new ArrayList<>();
    for (String candidate : candidates) {
      if (exists.test(bucket, new String[] {candidate, null})) {
        present.add(0, candidate);
      }
    }
    return present.isEmpty() ? List.of(candidates.get(0)) : present;
  }

  /**
   * A delete of an object ID without a version ID: a delete marker on every key form of the ID
   * that has an object (current secret's and each older one's), so that no older secret's copy
   * stays readable through the read fallback. The older keys are deleted first and the current
   * one last; the last response is returned. It is one call for the caller and its audit event.
   */
  private @Nullable Object deleteEveryKeyForm(OperationRule rule, DeleteObjectRequest request,
      Sender sender) {
    String op = rule.operationName();
    if (request.key() == null) {
      return sender.send(request); // the SDK reports the missing key
    }
    List<String> keys = existingKeys(request.bucket(), request.key(), op);
    Object response = null;
    for (String key : keys) {
      response = sender.send(names.mapKeys(request, (field, bucket, version, id) -> key));
    }
    return response;
  }

  /**
   * A batch delete: each entry without a version ID becomes one entry per key form that has an
   * object (as {@link #deleteEveryKeyForm}); an entry with a version ID addresses the key form
   * that has that version. Sent in batches of at most {@value #MAX_BATCH} entries (the S3
   * limit); the responses' deleted and error lists are merged.
   */
  private @Nullable Object deleteObjectsEveryKeyForm(OperationRule rule,
      DeleteObjectsRequest request, Sender sender) {
    String op = rule.operationName();
    if (request.delete() == null || !request.delete().hasObjects()) {
      return sender.send(request);
    }
    List<ObjectIdentifier> expanded = new ArrayList<>();
    for (ObjectIdentifier id : request.delete().objects()) {
      if (id.key() == null) {
        expanded.add(id);
      } else if (id.versionId() != null) {
        expanded.add(id.toBuilder()
            .key(existingKey(request.bucket(), id.versionId(), id.key(), op)).build());
      } else {
        for (String key : existingKeys(request.bucket(), id.key(), op)) {
          expanded.add(id.toBuilder().key(key).build());
        }
      }
    }
    Object merged = null;
    List<DeletedObject> deleted = new ArrayList<>();
    List<S3Error> errors = new ArrayList<>();
    for (int from = 0; from < expanded.size(); from += MAX_BATCH) {
      List<ObjectIdentifier> batch =
          expanded.subList(from, Math.min(expanded.size(), from + MAX_BATCH));
      Object response = sender.send(request.toBuilder()
          .delete(request.delete().toBuilder().objects(batch).build()).build());
      if (expanded.size() <= MAX_BATCH) {
        return response;
      }
      if (response instanceof DeleteObjectsResponse d) {
        deleted.addAll(d.deleted());
        errors.addAll(d.errors());
        merged = d.toBuilder().deleted(deleted).errors(errors).build();
      } else {
        merged = response;
      }
    }
    return merged;
  }
}
