echo start
echo ${undefinedvar?}
echo after
