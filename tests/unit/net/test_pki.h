// Test helper: a throw-away CA made in memory with OpenSSL, certificates it signs, and PEM files of
// both in a temporary folder of the test's own (removed when the Pki goes away).
#pragma once

#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace drove::test {

// A key and a certificate (owned).
struct Identity {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;

  Identity() = default;
  Identity(Identity&& other) noexcept : key(other.key), cert(other.cert) {
    other.key = nullptr;
    other.cert = nullptr;
  }
  Identity(const Identity&) = delete;
  Identity& operator=(const Identity&) = delete;
  ~Identity() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

class Pki {
 public:
  Pki() {
    char dir[] = "/tmp/drove-tls-test-XXXXXX";
    dir_ = ::mkdtemp(dir);
  }
  ~Pki() { std::filesystem::remove_all(dir_); }
  Pki(const Pki&) = delete;
  Pki& operator=(const Pki&) = delete;

  // A self-signed CA certificate named `cn`.
  static Identity MakeCa(const std::string& cn) {
    Identity ca = Start(cn);
    X509_set_issuer_name(ca.cert, X509_get_subject_name(ca.cert));
    AddExtension(ca.cert, ca.cert, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(ca.cert, ca.cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    X509_sign(ca.cert, ca.key, EVP_sha256());
    return ca;
  }

  // A leaf certificate signed by `ca` with subjectAltName `san` (e.g. "DNS:localhost,IP:127.0.0.1")
  // usable as server and client certificate.
  static Identity Issue(const Identity& ca, const std::string& cn, const std::string& san) {
    Identity leaf = Start(cn);
    X509_set_issuer_name(leaf.cert, X509_get_subject_name(ca.cert));
    AddExtension(ca.cert, leaf.cert, NID_basic_constraints, "critical,CA:FALSE");
    AddExtension(ca.cert, leaf.cert, NID_ext_key_usage, "serverAuth,clientAuth");
    AddExtension(ca.cert, leaf.cert, NID_subject_alt_name, san);
    X509_sign(leaf.cert, ca.key, EVP_sha256());
    return leaf;
  }

  // A file's path in the folder (whether or not it exists yet).
  std::string Path(const std::string& file) const { return dir_ + "/" + file; }

  // PEM files of a certificate or a key in the folder; each returns the file's path.
  std::string WriteCert(const Identity& id, const std::string& name) const {
    std::string path = Path(name + ".crt");
    FILE* f = std::fopen(path.c_str(), "w");
    PEM_write_X509(f, id.cert);
    std::fclose(f);
    return path;
  }
  std::string WriteKey(const Identity& id, const std::string& name) const {
    std::string path = Path(name + ".key");
    FILE* f = std::fopen(path.c_str(), "w");
    PEM_write_PrivateKey(f, id.key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    return path;
  }

 private:
  // A fresh P-256 key and an unsigned certificate for it, valid from a minute ago for an hour.
  static Identity Start(const std::string& cn) {
    static long serial = 1;
    Identity id;
    id.key = EVP_EC_gen("P-256");
    id.cert = X509_new();
    X509_set_version(id.cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(id.cert), serial++);
    X509_gmtime_adj(X509_getm_notBefore(id.cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(id.cert), 3600);
    X509_set_pubkey(id.cert, id.key);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(id.cert), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    return id;
  }

  static void AddExtension(X509* issuer, X509* subject, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, subject, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    X509_add_ext(subject, ext, -1);
    X509_EXTENSION_free(ext);
  }

  std::string dir_;
};

}  // namespace drove::test
