package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.ViolationCode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Request;

/** The table must classify every S3Client operation, so an SDK upgrade cannot open a path. */
class OperationTableTest {

  @Test
  void everyS3ClientOperation_isClassified() {
    List<String> unclassified = new ArrayList<>();
    for (Method m : S3ClientMethods.operations()) {
      var requestClass = S3ClientMethods.requestClass(m);
      if (requestClass.isEmpty() || OperationTable.ruleFor(requestClass.get()).isEmpty()) {
        unclassified.add(m.toGenericString());
      }
    }
    assertThat(unclassified)
        .as("S3Client methods with no row in OperationTable (classify them: REWRITE,"
            + " READ_ONLY or REFUSE)")
        .isEmpty();
  }

  @Test
  void everyRow_isAnOperationOfTheSdk() {
    Set<Class<? extends S3Request>> sdkOperations = new java.util.HashSet<>();
    for (Method m : S3ClientMethods.operations()) {
      S3ClientMethods.requestClass(m).ifPresent(sdkOperations::add);
    }
    assertThat(OperationTable.rules().keySet()).allMatch(sdkOperations::contains);
    assertThat(OperationTable.rules()).hasSize(sdkOperations.size());
  }

  @Test
  void nonOperationMethods_areExactlyTheKnownOnes() {
    Set<String> withoutRequest = new TreeSet<>();
    for (Method m : S3ClientMethods.all()) {
      if (S3ClientMethods.requestClass(m).isEmpty()) {
        withoutRequest.add(m.getName());
      }
    }
    assertThat(withoutRequest).isEqualTo(new TreeSet<>(S3ClientMethods.NON_OPERATIONS));
  }

  @Test
  void weakeningCalls_areRefused() {
    for (String op : List.of("PutBucketAcl", "PutObjectAcl", "PutBucketPolicy",
        "DeleteBucketPolicy", "DeleteBucketEncryption", "PutBucketEncryption",
        "DeletePublicAccessBlock", "PutPublicAccessBlock", "PutObjectLockConfiguration",
        "PutBucketVersioning", "DeleteBucket", "PutBucketOwnershipControls",
        "DeleteBucketOwnershipControls", "WriteGetObjectResponse", "UpdateObjectEncryption")) {
      OperationRule rule = OperationTable.rules().values().stream()
          .filter(r -> r.operationName().equals(op)).findFirst().orElseThrow();
      assertThat(rule.disposition()).as(op).isEqualTo(Disposition.REFUSE);
    }
  }

  @Test
  void aclWrites_refusedWithAclCode() {
    assertThat(OperationTable.rules().values())
        .filteredOn(r -> r.operationName().endsWith("Acl") && r.operationName().startsWith("Put"))
        .hasSize(2)
        .allMatch(r -> r.refusalCode() == ViolationCode.ACL_REFUSED);
  }

  @Test
  void refusalReasons_sayWhatToDoInstead() {
    assertThat(OperationTable.rules().values())
        .filteredOn(r -> r.disposition() == Disposition.REFUSE)
        .allSatisfy(r -> assertThat(r.reason()).hasSizeGreaterThan(40).endsWith("."));
  }
}
