# ASan + UBSan for the test build (make test builds into build-san/ with KRING_SANITIZE=ON).
if(KRING_SANITIZE)
  set(_kring_san_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_compile_options(${_kring_san_flags})
  add_link_options(${_kring_san_flags})
endif()
