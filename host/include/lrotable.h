/* Older NodeMCU modules include lrotable.h; it is lnodemcu.h, as upstream. */
#include "lnodemcu.h"
