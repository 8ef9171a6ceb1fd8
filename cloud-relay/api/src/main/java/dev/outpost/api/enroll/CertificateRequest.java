package dev.outpost.api.enroll;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.Fields;

/** {@code POST /v1/sites/{site}/certificate}: renewal, authenticated by the site's current certificate. */
@Document("certificate_request")
public record CertificateRequest(String csr) {
    public CertificateRequest {
        Fields.nonBlank("csr", csr);
    }
}
