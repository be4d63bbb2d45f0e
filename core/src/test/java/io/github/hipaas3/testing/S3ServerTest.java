package io.github.hipaas3.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once against each S3-compatible test server (S3Mock, moto,
 * LocalStack). The test takes an {@link S3TestServer} parameter. On a server that cannot run
 * here the invocation is skipped with the reason; a test that needs a capability the server
 * lacks calls {@link S3TestServer#assumeCapability} and is skipped with the reason.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(S3ServersExtension.class)
public @interface S3ServerTest {}
