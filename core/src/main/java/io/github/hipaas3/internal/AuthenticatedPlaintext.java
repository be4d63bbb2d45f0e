package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The plaintext stream of a client-side get. The S3 Encryption Client reports a failed AES-GCM
 * tag check as a bare {@code RuntimeException} from the first {@code read}; this stream turns
 * any such failure into {@code HipaaS3SecurityException} ({@code DECRYPTION_FAILED}), so callers
 * that read the stream themselves get the same exception as everyone else. A read stopped by
 * an interrupt of the reading thread (the SDK's stream throws {@code AbortedException}) is
 * reported as interrupted, not as altered ciphertext.
 */
final class AuthenticatedPlaintext extends FilterInputStream {
  private final OperationRule rule;

  AuthenticatedPlaintext(InputStream in, OperationRule rule) {
    super(in);
    this.rule = rule;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (HipaaS3Exception e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return super.read(b, off, len);
    } catch (HipaaS3Exception e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  private RuntimeException failure(RuntimeException e) {
    return Interruption.causedBy(e) ? Interruption.duringCall(rule.operationName(), e)
        : PolicyGate.decryptionFailed(rule, e);
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (HipaaS3Exception e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }
}
