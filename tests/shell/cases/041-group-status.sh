{ false; }; echo $?
{ true; false; } && echo y || echo n
{ false; true; } && echo y || echo n
