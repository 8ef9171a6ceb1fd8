package dev.outpost.api.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a top-level WAN document in error messages ({@code heartbeat: missing field 'site_id'}).
 * Types without it are named by their simple class name in snake_case.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Document {
    String value();
}
