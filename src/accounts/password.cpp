#include "accounts/password.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "common/random.h"

namespace kring::accounts {
namespace {

// At most this many argon2 computations at once (each takes 64 MiB with kInteractive).
class HashSlots {
 public:
  void acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void release() {
    std::lock_guard lock(mu_);
    ++free_;
    cv_.notify_one();
  }
  static HashSlots& instance() {
    static HashSlots slots;
    return slots;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_ = 4;  // GUARDED_BY(mu_)
};

struct SlotGuard {
  SlotGuard() { HashSlots::instance().acquire(); }
  ~SlotGuard() { HashSlots::instance().release(); }
};

}  // namespace

std::string hash_password(std::string_view password, PasswordCost cost) {
  crypto::init();
  unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost == PasswordCost::kMinimum) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  crypto::init();
  std::string h(encoded_hash);  // needs NUL termination
  if (h.size() >= crypto_pwhash_STRBYTES || h.rfind("$argon2id$", 0) != 0) return false;
  SlotGuard slot;
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

void verify_dummy(std::string_view password) {
  static const std::string kDummy = hash_password("kring-dummy-password-for-timing");
  (void)verify_password(kDummy, password);
}

}  // namespace kring::accounts
