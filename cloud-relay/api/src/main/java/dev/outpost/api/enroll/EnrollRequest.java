package dev.outpost.api.enroll;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;

/**
 * {@code POST /v1/enroll}: a site asks for its first certificate. {@code token} is the one-time enrollment token
 * ({@link EnrollmentToken}); {@code csr} is a PEM PKCS#10 request over the site's own key, which never leaves the site.
 */
@Document("enroll")
public record EnrollRequest(String siteId, String token, String csr) {
    public EnrollRequest {
        Fields.nonBlank("site_id", siteId);
        Fields.nonBlank("token", token);
        Fields.nonBlank("csr", csr);
    }
}
