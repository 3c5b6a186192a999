true &&
  echo continued
false ||
  echo fallback
