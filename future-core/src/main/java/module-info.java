/**
 * Future: killable, supervised actors and tasks for the JVM. The whole public API is the package
 * {@code dev.future}; everything under {@code dev.future.internal} is implementation.
 */
module dev.future {
    exports dev.future;

    requires transitive jakarta.validation;
    requires tools.jackson.core;
    requires tools.jackson.databind;
    requires tools.jackson.dataformat.cbor;
    requires org.hibernate.validator;
    requires org.slf4j;
    requires jdk.management;
    requires jdk.jfr;
}
