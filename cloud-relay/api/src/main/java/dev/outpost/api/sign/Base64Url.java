package dev.outpost.api.sign;

import dev.outpost.api.json.InvalidFieldException;
import java.util.Base64;

/** Unpadded base64url, read strictly: one text per byte string, so signed bytes cannot be re-spelled. */
final class Base64Url {
    private Base64Url() {
    }

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String text, int expectedLength, String what) {
        if (text == null) {
            throw new InvalidFieldException(null, what + " must not be null");
        }
        byte[] bytes;
        try {
            if (text.indexOf('=') >= 0) {
                throw new IllegalArgumentException("padding");
            }
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(null, "expected " + what + " as unpadded base64url, was " + shown(text));
        }
        if (bytes.length != expectedLength) {
            throw new InvalidFieldException(null, "expected " + what + " of " + expectedLength
                    + " bytes, was " + bytes.length + " bytes");
        }
        if (!encode(bytes).equals(text)) {
            throw new InvalidFieldException(null, "expected " + what
                    + " as canonical unpadded base64url, was " + shown(text));
        }
        return bytes;
    }

    private static String shown(String text) {
        return "\"" + (text.length() > 20 ? text.substring(0, 17) + "..." : text) + "\"";
    }
}
