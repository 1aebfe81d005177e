package org.greentrain.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lower-case hex SHA-256 of bytes or of a stream: the content digests of model files, manifests and
 * the effective config. Stateless and thread-safe; each call uses its own {@link MessageDigest}.
 */
public final class Sha256 {

  private Sha256() {}

  /** The 64 hex digits of the SHA-256 of {@code bytes}. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /**
   * The 64 hex digits of the SHA-256 of what remains in {@code in}, read to its end in blocks, so a
   * large file is never held in memory. The caller closes the stream.
   *
   * @throws IOException from reading; the caller adds which file it was
   */
  public static String hex(InputStream in) throws IOException {
    DigestInputStream digesting = new DigestInputStream(in, newDigest());
    digesting.transferTo(OutputStream.nullOutputStream());
    return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's javadoc), so this is a broken
      // JVM.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
