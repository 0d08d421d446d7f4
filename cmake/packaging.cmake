# The Debian package `drove` (CPack DEB): `cmake --build <dir> --target package` or
# scripts/package.sh. One package for every host role; what a host runs is the configuration tool's
# choice, so the package starts nothing (no maintainer scripts) and depends on neither nginx nor
# docker (executor hosts need no nginx, gateway hosts no docker).

# The daemons and CLIs, in /usr/bin.
install(TARGETS drove-controller drove-executor drove-epoch drove-dns drove epoch
  RUNTIME DESTINATION bin)
# The gateway module where Debian's nginx looks for modules, with the snippet Debian's own module
# packages ship (an operator enables it with a symlink in /etc/nginx/modules-enabled). A module
# loads only into the nginx version it was built against (gateway-module/build_module.sh).
install(FILES ${PROJECT_BINARY_DIR}/gateway-module/ngx_http_drove_module.so
  DESTINATION lib/nginx/modules)
# install(FILES) is never stripped, and the module is a custom command's output, not a target:
# strip it here when the install strips (CPACK_STRIP_FILES, cmake --install --strip): 6 MB -> 0.7 MB.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\"
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/lib/nginx/modules/ngx_http_drove_module.so\"
      COMMAND_ERROR_IS_FATAL ANY)
  endif()")
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/mod-http-drove.conf
  DESTINATION share/nginx/modules-available)
# Debian policy: every package has /usr/share/doc/<package>/copyright.
install(FILES ${CMAKE_CURRENT_LIST_DIR}/debian/copyright DESTINATION share/doc/drove)

# An upgrade test packages the same tree twice: -DDROVE_PACKAGE_VERSION=X (or cpack
# -D CPACK_PACKAGE_VERSION=X, as scripts/package.sh does) gives the second one a newer version.
set(DROVE_PACKAGE_VERSION "" CACHE STRING "Version of the .deb (empty: the project's version)")
if(DROVE_PACKAGE_VERSION)
  set(CPACK_PACKAGE_VERSION ${DROVE_PACKAGE_VERSION})
else()
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME drove)
set(CPACK_PACKAGE_VENDOR "Drove in C++ developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Container orchestrator wire-compatible with PhonePe's Drove")
# The Description's long part (CPack indents it under the summary line).
set(CPACK_PACKAGE_DESCRIPTION "drove-controller, drove-executor, drove-epoch and drove-dns, the drove
and epoch CLIs, and the nginx gateway module ngx_http_drove_module. Nothing is
started or enabled on install.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Drove in C++ developers")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
# drove_<version>_amd64.deb (no Debian revision).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends from what the binaries link (libevent, yaml-cpp, ...), found by dpkg-shlibdeps (dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Without debug info the binaries are a fraction of their size in the build tree.
set(CPACK_STRIP_FILES ON)
# gzip: packaging an already-built tree takes about 2 s of CPU (strip, dpkg-shlibdeps, compress)
# for a 4.7 MB .deb; xz made it 2.5 MB but took 5 times as long.
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
include(CPack)
